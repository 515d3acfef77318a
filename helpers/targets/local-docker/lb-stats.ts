// What the load balancer thinks of each instance, from HAProxy's CSV statistics: the
// embedded target's equivalent of a Service's ready endpoints.
import { request } from 'undici';
import { STATS_PATH, STATS_PORT } from '../haproxy-config.js';

export interface LbServer {
  slot: string;
  /** IP address the slot resolved to, empty when the slot is unused. */
  address: string;
  /** UP, DOWN, MAINT, or a transition such as "UP 1/2". */
  status: string;
}

export function parseStatsCsv(csv: string, backend = 'app'): LbServer[] {
  const [header, ...rows] = csv.trim().split('\n');
  const columns = (header ?? '').replace(/^# /, '').split(',');
  const col = (name: string) => columns.indexOf(name);
  const [px, sv, status, addr] = [col('pxname'), col('svname'), col('status'), col('addr')];
  return rows
    .map((row) => row.split(','))
    .filter((cells) => cells[px] === backend && cells[sv] !== 'BACKEND' && cells[sv] !== 'FRONTEND')
    .map((cells) => ({ slot: cells[sv]!, address: (cells[addr] ?? '').replace(/:\d+$/, ''), status: cells[status] ?? '' }));
}

export async function loadBalancerServers(lbAddress: string): Promise<LbServer[]> {
  const res = await request(`http://${lbAddress}:${STATS_PORT}${STATS_PATH}`, { headersTimeout: 1_000, bodyTimeout: 1_000 });
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw new Error(`HAProxy statistics answered HTTP ${res.statusCode}`);
  }
  return parseStatsCsv(await res.body.text());
}
