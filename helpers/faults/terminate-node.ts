// The guide's "terminate a node": everything on it dies at once; heal brings the node back.
import { fault } from './fault.js';

export const terminateNode = (node: string) =>
  fault('terminate-node', `node ${node}`, async (target) => {
    await target.terminateNode(node);
    return { heal: () => target.restoreNode(node) };
  });
