// Kills the Redis master (the single node, or the one the sentinels name); heal starts it
// again, and with Sentinel it should rejoin as a replica.
import { fault } from './fault.js';

export const killRedisMaster = () => {
  let killed: string | undefined;
  return fault(
    'kill-redis-master',
    'the Redis master',
    async (target) => {
      killed = (await target.killRedisMaster()).name;
    },
    async (target) => {
      if (killed) await target.restoreRedis(killed);
    },
  );
};
