import Dockerode from 'dockerode';
import { expect, it } from 'vitest';
import { demuxedLines } from './docker-api.js';

// No engine is contacted: the demultiplexer is dockerode's own, on a buffer.
it("splits Docker's multiplexed log frames into lines", async () => {
  const frame = (stream: number, text: string) => {
    const header = Buffer.alloc(8);
    header[0] = stream;
    header.writeUInt32BE(Buffer.byteLength(text), 4);
    return Buffer.concat([header, Buffer.from(text)]);
  };
  expect(await demuxedLines(new Dockerode(), Buffer.concat([frame(1, 'one\ntw'), frame(2, 'o\nthree\n')]))).toEqual(['one', 'two', 'three']);
});
