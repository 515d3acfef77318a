// One reading of a Redis deployment for both targets: which member is the master, the role of
// each, and whether the layout is settled, i.e. in the roles it says and, for Sentinel, known
// whole to every sentinel. A sentinel learns replicas from the master's INFO every 10 s and
// gives up a failover without one ("-failover-abort-no-good-slave", next try 20 s later), so a
// master killed before they know its replicas is not replaced within any budget.
// A target says only how to run redis-cli where its members and sentinels run.
import { log } from '../log/log.js';
import { waitFor, type Observation, type WaitOptions } from '../wait/wait-for.js';
import { answerLines, badFlags, parseMasterAddress, parseRecords, parseRole, type CliResult, type Role } from './redis-cli-output.js';

export interface RedisServer {
  /** As faults and roles name it: redis-1, redis-node-0; "redis" for the one-node layout. */
  name: string;
  node: string;
  /** What Redis and the sentinels may call it: host names and addresses. */
  addresses: string[];
  /** redis-cli with these arguments in its container, at its own port. */
  redisCli(args: string[]): Promise<CliResult>;
}

export interface RedisDeployment<S extends RedisServer = RedisServer> {
  /** single: one Redis and no sentinel; sentinel: a replication group the sentinels watch. */
  layout: 'single' | 'sentinel';
  masterSet: string;
  /** How many members and sentinels the layout has when whole. */
  size: { members: number; sentinels: number };
  /** How long settling may take where it runs (longer on a cluster, where pods are rescheduled). */
  settleTimeoutMs: number;
  members(): Promise<S[]>;
  sentinels(): Promise<S[]>;
}

export class RedisLayoutError extends Error {
  override name = 'RedisLayoutError';
}

const LINK_TIMEOUT_MS = 60_000;
const SETTLE_INTERVAL_MS = 500;

/** Whether a host, as Redis or a sentinel gives it, is this server: one of its addresses, or a DNS name whose first label is one. */
export function isCalled(server: RedisServer, host: string): boolean {
  return server.addresses.includes(host) || (!/^[\d.:]+$/.test(host) && server.addresses.includes(host.split('.')[0]!));
}

/** The redis-cli command line for a server on `port` (Redis's own when none is given). */
export const redisCliCommand = (args: string[], port?: number) => ['redis-cli', ...(port ? ['-p', String(port)] : []), ...args];

/** Whether a member's role is a replica of `master` over a connected link. */
const linkedTo = (role: Role | { role: 'down' }, master: RedisServer) =>
  role.role === 'slave' && isCalled(master, role.masterHost) && role.state === 'connected';

/** "redis-1 slave of redis-0 (connected)", "redis-0 master", "redis-2 down". */
const describeRole = (name: string, role: Role | { role: 'down' }) =>
  role.role === 'slave' ? `${name} slave of ${role.masterHost} (${role.state})` : `${name} ${role.role}`;

/** Spread would let an option given as undefined unset its default. */
const withDefaults = (options: Partial<WaitOptions>, intervalMs: number, timeoutMs: number): WaitOptions => ({
  ...options,
  timeoutMs: options.timeoutMs ?? timeoutMs,
  intervalMs: options.intervalMs ?? intervalMs,
});

const ask = async (server: RedisServer, args: string[]) => answerLines(await server.redisCli(args), `redis-cli ${args.join(' ')} in ${server.name}`);

const roleOf = (server: RedisServer): Promise<Role | { role: 'down'; why: string }> =>
  ask(server, ['ROLE']).then(parseRole, (error: Error) => ({ role: 'down' as const, why: error.message }));

/** The master: the one-node Redis, or the member the first sentinel that answers names. */
export async function findRedisMaster<S extends RedisServer>(deployment: RedisDeployment<S>): Promise<S> {
  const members = await deployment.members();
  if (deployment.layout === 'single') {
    if (!members[0]) throw new RedisLayoutError('no one-node Redis runs');
    return members[0];
  }
  const failures: string[] = [];
  for (const sentinel of await deployment.sentinels()) {
    const address = await ask(sentinel, ['SENTINEL', 'get-master-addr-by-name', deployment.masterSet]).then(parseMasterAddress, (error: Error) => {
      failures.push(error.message);
      return undefined;
    });
    if (!address) continue;
    const master = members.find((m) => isCalled(m, address.host));
    if (!master) throw new RedisLayoutError(`the sentinels name ${address.host} as master, which is none of ${members.map((m) => m.name).join(', ') || 'no member'}`);
    return master;
  }
  throw new RedisLayoutError(`no sentinel answered for ${deployment.masterSet}: ${failures.join('; ') || 'no sentinel runs'}`);
}

/** Each member's role as ROLE names it (master, slave), or down when it does not answer. */
export async function redisRoles(deployment: RedisDeployment): Promise<Record<string, string>> {
  const members = await deployment.members();
  const roles = await Promise.all(members.map(roleOf));
  return Object.fromEntries(members.map((m, i) => [m.name, roles[i]!.role]));
}

interface SentinelView {
  sentinel: RedisServer;
  master?: { host: string; port: number };
  replicas: Record<string, string>[];
  peers: Record<string, string>[];
  error?: string;
}

async function sentinelView(sentinel: RedisServer, masterSet: string): Promise<SentinelView> {
  try {
    const [master, replicas, peers] = await Promise.all([
      ask(sentinel, ['SENTINEL', 'get-master-addr-by-name', masterSet]).then(parseMasterAddress),
      ask(sentinel, ['SENTINEL', 'REPLICAS', masterSet]).then(parseRecords),
      ask(sentinel, ['SENTINEL', 'SENTINELS', masterSet]).then(parseRecords),
    ]);
    return { sentinel, master, replicas, peers };
  } catch (error) {
    return { sentinel, replicas: [], peers: [], error: (error as Error).message };
  }
}

/** What a sentinel's view lacks: each replica known, up, linked to the master; each other sentinel known and up. */
function sentinelProblems(view: SentinelView, replicas: RedisServer[], sentinels: RedisServer[]): string[] {
  const name = view.sentinel.name;
  if (view.error) return [`${name}: ${view.error}`];
  const problems: string[] = [];
  for (const replica of replicas) {
    const seen = view.replicas.find((r) => isCalled(replica, r.ip ?? ''));
    const flags = seen && badFlags(seen);
    if (!seen) problems.push(`${name} does not know replica ${replica.name}`);
    else if (flags!.length > 0) problems.push(`${name} sees replica ${replica.name} ${flags!.join(',')}`);
    else if (seen['master-link-status'] !== 'ok') problems.push(`${name} sees replica ${replica.name}'s master link ${seen['master-link-status'] ?? 'unknown'}`);
  }
  for (const peer of sentinels.filter((s) => s !== view.sentinel)) {
    const seen = view.peers.find((p) => isCalled(peer, p.ip ?? ''));
    const flags = seen && badFlags(seen);
    if (!seen) problems.push(`${name} does not know sentinel ${peer.name}`);
    else if (flags!.length > 0) problems.push(`${name} sees sentinel ${peer.name} ${flags!.join(',')}`);
  }
  return problems;
}

interface Settled {
  /** Set when the one-node Redis answers as a replica: of what, as it says. */
  replicaOf?: { server: RedisServer; master: string; state: string };
}

async function singleSettled(deployment: RedisDeployment): Promise<Observation<Settled>> {
  const [redis, ...others] = await deployment.members();
  if (!redis) return { done: false, state: 'no one-node Redis runs' };
  if (others.length > 0) return { done: false, state: `${others.length + 1} one-node Redis servers run: ${[redis, ...others].map((r) => r.name).join(', ')}` };
  const role = await roleOf(redis);
  if (role.role === 'down') return { done: false, state: `${redis.name} down: ${role.why}` };
  if (role.role === 'slave') {
    const master = `${role.masterHost}:${role.masterPort}`;
    return { done: true, state: `${redis.name} replica of ${master}`, value: { replicaOf: { server: redis, master, state: role.state } } };
  }
  return { done: role.role === 'master', state: `${redis.name} ${role.role}`, value: {} };
}

/**
 * Sentinels whose link to a replica reaches another server: the replica says it is a replica,
 * the sentinel hears a master. Seen on kind after a node came back: its pods restarted with
 * each other's addresses, and a sentinel that had resolved the replica's name while the old
 * record was cached kept its connection to the one-node Redis now at that address, for good.
 */
function misdirected(view: SentinelView, replicas: RedisServer[], roles: Map<RedisServer, Role | { role: 'down' }>): string[] {
  return replicas
    .filter((replica) => roles.get(replica)?.role === 'slave' && view.replicas.find((r) => isCalled(replica, r.ip ?? ''))?.['role-reported'] === 'master')
    .map((replica) => replica.name);
}

/** When each sentinel was last reset: once per interval at most, so a reset has time to rediscover. */
const lastReset = new Map<string, number>();
const RESET_INTERVAL_MS = 30_000;

/** A misdirected sentinel forgets what it knows of the set and finds it again from the master (SENTINEL RESET): the suite's own fixture, put back between scenarios. */
async function resetMisdirected(views: SentinelView[], replicas: RedisServer[], roles: Map<RedisServer, Role | { role: 'down' }>, masterSet: string) {
  for (const view of views) {
    const wrong = misdirected(view, replicas, roles);
    const name = view.sentinel.name;
    if (wrong.length === 0 || performance.now() - (lastReset.get(name) ?? -Infinity) < RESET_INTERVAL_MS) continue;
    lastReset.set(name, performance.now());
    log.warn(`${name} hears a master where ${wrong.join(', ')} ${wrong.length === 1 ? 'answers as a replica' : 'answer as replicas'} (a link to an address another pod now has): SENTINEL RESET ${masterSet} on it`);
    await ask(view.sentinel, ['SENTINEL', 'RESET', masterSet]).catch((error: Error) => log.warn(`SENTINEL RESET on ${name} failed: ${error.message}`));
  }
}

async function sentinelSetSettled(deployment: RedisDeployment): Promise<Observation<Settled>> {
  const [members, sentinels] = await Promise.all([deployment.members(), deployment.sentinels()]);
  const [roles, views] = await Promise.all([Promise.all(members.map(roleOf)), Promise.all(sentinels.map((s) => sentinelView(s, deployment.masterSet)))]);
  const problems: string[] = [];
  const { size } = deployment;
  if (members.length !== size.members) problems.push(`${members.length}/${size.members} members run`);
  if (sentinels.length !== size.sentinels) problems.push(`${sentinels.length}/${size.sentinels} sentinels run`);
  const named = new Set(views.filter((v) => v.master).map((v) => v.master!.host));
  const master = named.size === 1 ? members.find((m) => isCalled(m, [...named][0]!)) : undefined;
  if (named.size !== 1) problems.push(`the sentinels name ${named.size === 0 ? 'no master' : `different masters: ${[...named].join(', ')}`}`);
  else if (!master) problems.push(`the sentinels name ${[...named][0]} as master, which is no member`);
  const described = members.map((member, i) => {
    const role = roles[i]!;
    if (role.role === 'down') {
      problems.push(`${member.name} down: ${role.why}`);
      return `${member.name} down`;
    }
    if (member === master && role.role !== 'master') problems.push(`${member.name}, named master, is ${role.role}`);
    if (member !== master && master && !linkedTo(role, master)) problems.push(`${member.name} is not a connected replica of ${master.name}`);
    return describeRole(member.name, role);
  });
  const replicas = members.filter((m) => m !== master);
  for (const view of views) problems.push(...sentinelProblems(view, master ? replicas : [], sentinels));
  if (master && problems.length > 0) await resetMisdirected(views, replicas, new Map(members.map((m, i) => [m, roles[i]!])), deployment.masterSet);
  const state = `${described.join(', ')}; ${problems.length === 0 ? `every sentinel (${sentinels.length}) knows them and names ${master!.name}` : problems.join('; ')}`;
  return { done: problems.length === 0, state, value: {} };
}

/**
 * Waits until the layout is what it says: the one-node Redis a master; or, for Sentinel, every
 * sentinel naming the same master, knowing every replica (up, linked to it) and every other
 * sentinel. A one-node Redis that answers as a replica fails at once, named in the log.
 */
export async function waitForRedisSettled(deployment: RedisDeployment, options: Partial<WaitOptions> = {}): Promise<void> {
  const what =
    deployment.layout === 'single'
      ? 'the one-node Redis answering as a master'
      : `Redis Sentinel set ${deployment.masterSet} settled: ${deployment.size.members} members, one master that ${deployment.size.sentinels} sentinels name, every replica and sentinel known to each`;
  const check = deployment.layout === 'single' ? () => singleSettled(deployment) : () => sentinelSetSettled(deployment);
  const settled = await waitFor(what, check, withDefaults(options, SETTLE_INTERVAL_MS, deployment.settleTimeoutMs));
  const replica = settled?.replicaOf;
  if (replica) {
    log.warn(`the one-node Redis ${replica.server.name} is a replica of ${replica.master} (link ${replica.state}): it refuses writes (READONLY)`);
    throw new RedisLayoutError(
      `the one-node Redis ${replica.server.name} must be a master, but it replicates ${replica.master}; something made it a replica ` +
        '(a sentinel that knew its address?), and the layout is not the one the scenario asked for',
    );
  }
}

/** Waits until every member but `master` replicates from it over a connected link: before sentinels start, so their first look finds them. */
export function waitForReplicasLinked(members: RedisServer[], master: RedisServer, options: Partial<WaitOptions> = {}): Promise<void> {
  const replicas = members.filter((m) => m !== master);
  return waitFor(
    `${replicas.map((r) => r.name).join(', ')} replicating from ${master.name}`,
    async () => {
      const roles = await Promise.all(replicas.map(roleOf));
      return {
        done: roles.every((r) => linkedTo(r, master)),
        state: roles.map((r, i) => describeRole(replicas[i]!.name, r)).join(', '),
      };
    },
    withDefaults(options, 200, LINK_TIMEOUT_MS),
  );
}
