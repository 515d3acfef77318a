import { describe, expect, it } from 'vitest';
import { parseAptSources } from '../../images/apt-mirror.js';
import { demuxLogs } from './docker-api.js';
import { haproxyConfig } from './haproxy-config.js';
import { parseStatsCsv } from './lb-stats.js';
import { redisArgs, sentinelConfig } from './sentinel-config.js';
import { DEFAULT_TOPOLOGY, validateTopology, type TopologyOptions } from './topology-options.js';

const topology = (change: Partial<TopologyOptions>) => validateTopology({ ...DEFAULT_TOPOLOGY, ...change });

describe('topology options', () => {
  it('accepts the defaults', () => {
    expect(topology({})).toMatchObject({ replicas: 2, redis: 'single' });
  });

  it.each([
    [{ replicas: 0 }, 'replicas must be an integer from 1 to 10, got 0'],
    [{ replicas: 2.5 }, 'replicas must be an integer from 1 to 10, got 2.5'],
    [{ redis: 'cluster' as never }, 'redis must be none, single or sentinel, got "cluster"'],
    [{ redis: 'none' as const, sessions: 'redis' as const }, 'sessions must be memory when redis is none, got "redis"'],
    [{ redis: 'sentinel' as const, nodes: ['a', 'b'] }, 'nodes must be at least 3 nodes for redis sentinel'],
    [{ nodes: ['Node 1'] }, 'nodes must be a non-empty list'],
    [{ evictionMs: -1 }, 'evictionMs must be an integer >= 0, got -1'],
  ])('refuses %j naming the field and value', (change, message) => {
    expect(() => topology(change)).toThrow(message);
  });
});

describe('load balancer configuration', () => {
  const settings = { healthPath: '/entando-de-app/api/health', slots: 4, cookieKey: 'k' };

  it('checks health every 300 ms, retries on connection failure and redispatches in ha mode', () => {
    const cfg = haproxyConfig({ ...settings, mode: 'ha' });
    expect(cfg).toContain('option httpchk GET /entando-de-app/api/health');
    expect(cfg).toContain('check inter 300ms');
    expect(cfg).toContain('retry-on conn-failure empty-response response-timeout');
    expect(cfg).toContain('option redispatch');
    expect(cfg).toContain('server-template app 1-4 app:8080');
    expect(cfg).toContain('cookie ROUTE insert indirect nocache dynamic');
  });

  it('has no health check, retry or redispatch in naive mode, and keeps servers gone from DNS', () => {
    const cfg = haproxyConfig({ ...settings, mode: 'naive' });
    expect(cfg).not.toMatch(/httpchk|check inter|retry-on|redispatch/);
    expect(cfg).toContain('retries 0');
    expect(cfg).toContain('hold obsolete 60s');
    expect(haproxyConfig({ ...settings, mode: 'ha' })).toContain('hold obsolete 0s');
  });

  it('reads server addresses and states from the statistics CSV', () => {
    const csv = '# pxname,svname,status,addr\napp,app1,UP,172.18.0.5:8080\napp,app2,MAINT (resolution),\napp,BACKEND,UP,\nweb,FRONTEND,OPEN,\n';
    expect(parseStatsCsv(csv)).toEqual([
      { slot: 'app1', address: '172.18.0.5', status: 'UP' },
      { slot: 'app2', address: '', status: 'MAINT (resolution)' },
    ]);
  });
});

describe('redis sentinel configuration', () => {
  it('follows the Sentinel project the guide links: mymaster, quorum 2, down-after 2000 ms, hostnames', () => {
    const cfg = sentinelConfig('sentinel-1', 'redis-0');
    expect(cfg).toContain('sentinel monitor mymaster redis-0 6379 2');
    expect(cfg).toContain('sentinel down-after-milliseconds mymaster 2000');
    expect(cfg).toContain('sentinel announce-hostnames yes');
  });

  it('makes every member but the master a replica of it', () => {
    expect(redisArgs('redis-0', 'redis-0')).not.toContain('--replicaof');
    expect(redisArgs('redis-1', 'redis-0')).toEqual(expect.arrayContaining(['--replicaof', 'redis-0', '6379']));
  });
});

describe('apt sources', () => {
  it('reads deb822 stanzas and skips disabled ones and deb-src', () => {
    const text = `Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm bookworm-updates\nComponents: main\n\nTypes: deb-src\nURIs: http://src.example\nSuites: bookworm\nComponents: main\n\nEnabled: no\nTypes: deb\nURIs: http://off.example\nSuites: bookworm\nComponents: main\n`;
    expect(parseAptSources(text, 'debian.sources').map((s) => s.uri)).toEqual(['http://mirror.example/debian']);
  });

  it('reads one-line sources with options', () => {
    const text = '# comment\ndeb [arch=amd64] http://one.example/debian bookworm main contrib\n';
    expect(parseAptSources(text, 'sources.list')).toEqual([
      { uri: 'http://one.example/debian', suites: ['bookworm'], components: ['main', 'contrib'], file: 'sources.list' },
    ]);
  });
});

it("splits Docker's multiplexed log frames into lines", () => {
  const frame = (stream: number, text: string) => {
    const header = Buffer.alloc(8);
    header[0] = stream;
    header.writeUInt32BE(Buffer.byteLength(text), 4);
    return Buffer.concat([header, Buffer.from(text)]);
  };
  expect(demuxLogs(Buffer.concat([frame(1, 'one\ntw'), frame(2, 'o\nthree\n')]))).toEqual(['one', 'two', 'three']);
});
