import { describe, expect, it } from 'vitest';
import { missingCapabilities } from './restricted-docker.js';

describe('capabilities a Docker engine lacks, from its bounding set', () => {
  it('names the missing ones, as docker --cap-drop spells them', () => {
    // Read off the engine on the machines this suite is built on: every capability but SYS_RESOURCE.
    expect(missingCapabilities('000001fffeffffff', 40)).toEqual(['SYS_RESOURCE']);
    expect(missingCapabilities('000001fffffffffe', 40)).toEqual(['CHOWN']);
  });

  it('finds none in a full set, and ignores capabilities the kernel does not have', () => {
    expect(missingCapabilities('000001ffffffffff', 40)).toEqual([]);
    expect(missingCapabilities('0000003fffffffff', 37)).toEqual([]);
  });
});
