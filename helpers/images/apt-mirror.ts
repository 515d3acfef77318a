// The Debian mirror apt already uses on this machine, read at run time so that the offline
// image build reaches whatever mirror (or proxy) the machine is allowed to reach.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface AptSource {
  uri: string;
  suites: string[];
  components: string[];
  file: string;
}

/** Sources from deb822 `.sources` files and one-line `.list` files. */
export function parseAptSources(text: string, file: string): AptSource[] {
  if (file.endsWith('.sources')) {
    return text
      .split(/\n\s*\n/)
      .map((stanza) => {
        const field = (name: string) =>
          new RegExp(`^${name}:\\s*(.+)$`, 'mi').exec(stanza)?.[1]?.trim().split(/\s+/) ?? [];
        const enabled = !/^Enabled:\s*no/im.test(stanza);
        const types = field('Types');
        return enabled && types.includes('deb')
          ? field('URIs').map((uri) => ({ uri, suites: field('Suites'), components: field('Components'), file }))
          : [];
      })
      .flat();
  }
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .map((line) => /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s+(.+)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ uri: m[1]!, suites: [m[2]!], components: m[3]!.split(/\s+/), file }));
}

export async function findDebianMirror(suite: string, root = '/etc/apt'): Promise<string> {
  const files = [join(root, 'sources.list')];
  try {
    for (const name of await readdir(join(root, 'sources.list.d'))) {
      if (name.endsWith('.list') || name.endsWith('.sources')) files.push(join(root, 'sources.list.d', name));
    }
  } catch {
    // no sources.list.d: only sources.list
  }
  const sources: AptSource[] = [];
  for (const file of files) {
    try {
      sources.push(...parseAptSources(await readFile(file, 'utf8'), file));
    } catch {
      // unreadable or missing file: skip it
    }
  }
  const match = sources.find((s) => s.suites.includes(suite) && s.components.includes('main'));
  if (!match) {
    throw new Error(
      `no apt source for Debian ${suite} main in ${files.join(', ')}; ` +
        `add one, or set CHAOS_DEBIAN_MIRROR to a Debian mirror URL`,
    );
  }
  return match.uri;
}
