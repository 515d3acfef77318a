// The suite's own output: one line per event on stderr, time-stamped, secrets redacted.
// stdout is left to results (verdict tables, JSON from bench).
import { redact } from './redact.js';

const time = () => new Date().toISOString().slice(11, 23);
let scope = '';

export const log = {
  info(message: string) {
    process.stderr.write(`${time()}${scope} ${redact(message)}\n`);
  },
  warn(message: string) {
    process.stderr.write(`${time()}${scope} WARN ${redact(message)}\n`);
  },
  /** Names what this process's lines are about (a scenario case), since two files' lines interleave. */
  scope(name: string | undefined) {
    scope = name ? ` [${name}]` : '';
  },
};
