import { describe, expect, it } from 'vitest';
import { parseAptSources } from './apt-mirror.js';

describe('apt sources', () => {
  it('reads deb822 stanzas and skips disabled ones and deb-src', () => {
    const text = `Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm bookworm-updates\nComponents: main\n\nTypes: deb-src\nURIs: http://src.example\nSuites: bookworm\nComponents: main\n\nEnabled: no\nTypes: deb\nURIs: http://off.example\nSuites: bookworm\nComponents: main\n`;
    expect(parseAptSources(text, 'debian.sources').map((s) => s.uri)).toEqual(['http://mirror.example/debian']);
  });

  it('reads one-line sources with options', () => {
    const text = '# comment\ndeb [arch=amd64] http://one.example/debian bookworm main contrib\n';
    expect(parseAptSources(text, 'sources.list')).toEqual([
      { uri: 'http://one.example/debian', suites: ['bookworm'], components: ['main', 'contrib'], file: 'sources.list' },
    ]);
  });
});
