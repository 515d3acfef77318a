// The history as JSON lines, one record per line, first the anchor: written while the
// experiment runs, read back by `entando-chaos report` and by tests.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { redact } from '../log/redact.js';
import { History } from './history.js';
import type { Anchor, HistoryRecord } from './records.js';

export class Journal {
  private constructor(private readonly stream: WriteStream) {}

  /** Streams every record of the history, past and future, to the file. */
  static async attach(history: History, path: string): Promise<Journal> {
    await mkdir(dirname(path), { recursive: true });
    const journal = new Journal(createWriteStream(path, { flags: 'w' }));
    history.onRecord((record) => journal.stream.write(`${redact(JSON.stringify(record))}\n`));
    return journal;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
}

export class JournalFormatError extends Error {
  override name = 'JournalFormatError';
}

export function parseJournal(text: string, source = 'journal'): History {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const records: HistoryRecord[] = [];
  let anchor: Anchor | undefined;
  lines.forEach((line, i) => {
    let record: Anchor | HistoryRecord;
    try {
      record = JSON.parse(line);
    } catch (error) {
      throw new JournalFormatError(`${source} line ${i + 1} is not JSON: ${(error as Error).message}`);
    }
    if (record.type === 'anchor') anchor = record;
    else if (['op', 'fault', 'phase', 'note'].includes(record.type)) records.push(record);
    else throw new JournalFormatError(`${source} line ${i + 1} has an unknown type ${JSON.stringify((record as { type: unknown }).type)}`);
  });
  if (!anchor) throw new JournalFormatError(`${source} has no anchor record (the first line of a journal)`);
  return new History(anchor.scenario, { anchor, records });
}

export async function readJournal(path: string): Promise<History> {
  return parseJournal(await readFile(path, 'utf8'), path);
}
