// Restarts PostgreSQL (stop, start); the application must recover without a restart of its own.
import { fault } from './fault.js';

export const restartDatabase = () =>
  fault('restart-database', 'PostgreSQL', async (target) => {
    await target.restartDatabase();
  });
