// What redis-cli prints when its output is not a terminal (one element per line, nested arrays
// flattened), read into data. redis-cli 7.0 exits 0 on an error reply, so an answer is checked
// for one here rather than trusted on its exit code.

export interface CliResult {
  exitCode: number;
  output: string;
}

export class RedisCliError extends Error {
  override name = 'RedisCliError';
}

/** An error reply prints as "ERR message" or "LOADING ...": a capitalised code, a space, a text; no answer we read starts so. */
const ERROR_REPLY = /^[A-Z]+ /;

/** The answer's lines; a failure to run, or an error reply, throws with what was said. */
export function answerLines(result: CliResult, what: string): string[] {
  const output = result.output.replace(/\r/g, '');
  const lines = output.endsWith('\n') ? output.slice(0, -1).split('\n') : output.split('\n');
  if (result.exitCode !== 0 || ERROR_REPLY.test(lines[0] ?? '')) {
    throw new RedisCliError(`${what} failed (exit ${result.exitCode}): ${output.trim() || 'no output'}`);
  }
  return lines;
}

export type Role =
  | { role: 'master' }
  | { role: 'slave'; masterHost: string; masterPort: number; state: string }
  | { role: 'sentinel' };

/** `ROLE`: "master" then its offset and replicas; "slave", master host, port, link state, offset. */
export function parseRole(lines: string[]): Role {
  const [role, host, port, state] = lines;
  if (role === 'master' || role === 'sentinel') return { role };
  if (role === 'slave' && host && port) return { role, masterHost: host, masterPort: Number(port), state: state ?? '' };
  throw new RedisCliError(`ROLE answered ${JSON.stringify(lines.slice(0, 4).join(' '))}, which is no role`);
}

/**
 * A list of flat field/value records, as SENTINEL REPLICAS and SENTINEL SENTINELS answer: each
 * record begins with its "name" field. Values may be empty, so lines are paired as they come.
 */
export function parseRecords(lines: string[]): Record<string, string>[] {
  const records: Record<string, string>[] = [];
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const [field, value] = [lines[i]!, lines[i + 1]!];
    if (field === 'name' || records.length === 0) records.push({});
    records[records.length - 1]![field] = value;
  }
  return records;
}

/** `SENTINEL get-master-addr-by-name`: host and port, or nothing when the set is unknown. */
export function parseMasterAddress(lines: string[]): { host: string; port: number } | undefined {
  const [host, port] = lines;
  return host && port ? { host, port: Number(port) } : undefined;
}

/** A sentinel's view of a peer or replica is unusable with any of these flags. */
const BAD_FLAGS = ['s_down', 'o_down', 'disconnected'];

export const badFlags = (record: Record<string, string>) => (record.flags ?? '').split(',').filter((f) => BAD_FLAGS.includes(f));
