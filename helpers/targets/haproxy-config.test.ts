import { describe, expect, it } from 'vitest';
import { haproxyConfig } from './haproxy-config.js';
import { parseStatsCsv } from './local-docker/lb-stats.js';

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

  it('sets no affinity cookie without affinity, so a page and its assets may come from different instances', () => {
    const cfg = haproxyConfig({ ...settings, mode: 'ha', affinity: 'none' });
    expect(cfg).not.toMatch(/cookie ROUTE|dynamic-cookie-key/);
    expect(cfg).toContain('balance roundrobin');
  });

  it('has no health check, retry or redispatch in naive mode, and keeps servers gone from DNS', () => {
    const cfg = haproxyConfig({ ...settings, mode: 'naive' });
    expect(cfg).not.toMatch(/httpchk|check inter|retry-on|redispatch/);
    expect(cfg).toContain('retries 0');
    expect(cfg).toContain('hold obsolete 60s');
    expect(haproxyConfig({ ...settings, mode: 'ha' })).toContain('hold obsolete 0s');
  });

});

describe('load balancer statistics', () => {
  it('reads server addresses and states from the statistics CSV', () => {
    const csv = '# pxname,svname,status,addr\napp,app1,UP,172.18.0.5:8080\napp,app2,MAINT (resolution),\napp,BACKEND,UP,\nweb,FRONTEND,OPEN,\n';
    expect(parseStatsCsv(csv)).toEqual([
      { slot: 'app1', address: '172.18.0.5', status: 'UP' },
      { slot: 'app2', address: '', status: 'MAINT (resolution)' },
    ]);
  });
});
