// The history as JSON lines, one record per line, first the anchor: written while the
// experiment runs, so that an interrupted run still leaves the evidence of what happened.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { redact } from '../log/redact.js';
import type { History } from './history.js';

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
