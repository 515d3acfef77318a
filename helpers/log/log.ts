// The suite's own output: one line per event on stderr, time-stamped, secrets redacted.
// stdout is left to results (verdict tables, JSON from bench).
import { redact } from './redact.js';

const time = () => new Date().toISOString().slice(11, 23);

export const log = {
  info(message: string) {
    process.stderr.write(`${time()} ${redact(message)}\n`);
  },
  warn(message: string) {
    process.stderr.write(`${time()} WARN ${redact(message)}\n`);
  },
};
