// Whether this Docker engine can run privileged containers, which kind's nodes are. An engine
// that itself runs without some capabilities (inside a container, as on the machines this
// suite is built on) cannot grant them, and runc refuses every privileged container. kind is
// then run through fixtures/offline-kind/docker-shim, which asks for everything but those.
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { PROJECT_ROOT } from '../../paths.js';

// Linux capability numbers, as docker --cap-drop names them.
const CAPABILITIES = [
  'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'SETPCAP', 'LINUX_IMMUTABLE',
  'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'IPC_OWNER', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_CHROOT',
  'SYS_PTRACE', 'SYS_PACCT', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD', 'LEASE',
  'AUDIT_WRITE', 'AUDIT_CONTROL', 'SETFCAP', 'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG', 'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ',
  'PERFMON', 'BPF', 'CHECKPOINT_RESTORE',
];

/** Capabilities known to the kernel (up to lastCap) that a bounding set (CapBnd, hex) lacks. */
export function missingCapabilities(capBnd: string, lastCap: number): string[] {
  const bounding = BigInt(`0x${capBnd}`);
  return CAPABILITIES.slice(0, lastCap + 1).filter((_, bit) => (bounding & (1n << BigInt(bit))) === 0n);
}

/** What the local engine (dockerd on this machine) lacks; none when it cannot be seen from here. */
export async function engineMissingCapabilities(): Promise<string[]> {
  const pid = await execa('pidof', ['dockerd']).then((r) => r.stdout.trim().split(/\s+/)[0], () => undefined);
  if (!pid) return [];
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const capBnd = /^CapBnd:\s*([0-9a-f]+)$/m.exec(status)?.[1];
  const lastCap = Number((await readFile('/proc/sys/kernel/cap_last_cap', 'utf8')).trim());
  return capBnd ? missingCapabilities(capBnd, lastCap) : [];
}

/** Environment for running kind: unchanged, or the shim first on PATH when the engine is restricted. */
export async function kindEnvironment(): Promise<Record<string, string>> {
  const missing = await engineMissingCapabilities();
  if (missing.length === 0) return {};
  const realDocker = (await execa('sh', ['-c', 'command -v docker'])).stdout.trim();
  return {
    PATH: `${PROJECT_ROOT}fixtures/offline-kind/docker-shim:${process.env.PATH}`,
    CHAOS_REAL_DOCKER: realDocker,
    CHAOS_MISSING_CAPS: missing.join(' '),
  };
}
