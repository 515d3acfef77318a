// Kills the Redis master (the single node, or the one the sentinels name); heal starts it
// again, and with Sentinel it should rejoin as a replica.
import { fault } from './fault.js';

export const killRedisMaster = () =>
  fault('kill-redis-master', 'the Redis master', async (target) => {
    const { name } = await target.killRedisMaster();
    return { heal: () => target.restoreRedis(name) };
  });
