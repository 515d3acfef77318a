import Dockerode from 'dockerode';
import { expect, it } from 'vitest';
import { demuxedLines } from './docker-api.js';

const frame = (stream: number, text: string) => {
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(Buffer.byteLength(text), 4);
  return Buffer.concat([header, Buffer.from(text)]);
};

// No engine is contacted: the demultiplexer is dockerode's own, on a buffer.
it("splits Docker's multiplexed log frames into lines", async () => {
  expect(await demuxedLines(new Dockerode(), Buffer.concat([frame(1, 'one\ntw'), frame(2, 'o\nthree\n')]))).toEqual(['one', 'two', 'three']);
});

it('reads a log of 100,000 frames, as a started App Engine writes (in one chunk it overflowed the stack)', async () => {
  const lines = Array.from({ length: 100_000 }, (_, i) => `access instance=app-1 rid=${i} status=200`);
  const raw = Buffer.concat(lines.map((line, i) => frame(i % 2 === 0 ? 1 : 2, `${line}\n`)));
  const read = await demuxedLines(new Dockerode(), raw);
  expect(read).toHaveLength(100_000);
  expect(read[99_999]).toBe(lines[99_999]);
});
