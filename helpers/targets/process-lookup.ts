// Finding the application process inside a container without ps (official slim images have
// no procps): every pid with its command line, read from /proc by the shell.

export const LIST_PROCESSES_SCRIPT =
  'for d in /proc/[0-9]*; do p=${d#/proc/}; c=$(tr "\\0" " " < $d/cmdline 2>/dev/null); [ -n "$c" ] && echo "$p $c"; done';

/**
 * The process whose command line matches, skipping the lookup's own shell; a child is preferred
 * to PID 1, whose command line often names the application it starts (an init, a shell).
 */
export function pickProcess(listing: string, pattern: RegExp): { pid: number; executable: string } | undefined {
  return listing
    .split('\n')
    .map((line) => /^(\d+) (.*)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null && pattern.test(m[2]!) && !m[2]!.includes('/proc/'))
    .map((m) => ({ pid: Number(m[1]), executable: m[2]!.trim().split(/\s+/)[0]! }))
    .sort((a, b) => (a.pid === 1 ? Infinity : a.pid) - (b.pid === 1 ? Infinity : b.pid))[0];
}

/** pid and executable of each process, never its arguments (they may hold secrets). */
export function summarizeProcesses(listing: string): string {
  return listing
    .split('\n')
    .map((line) => /^(\d+) (\S+)/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]} ${m[2]}`)
    .join(', ');
}
