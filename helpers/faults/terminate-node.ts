// The guide's "terminate a node": everything on it dies at once; heal brings the node back.
import { fault } from './fault.js';

export const terminateNode = (node: string) =>
  fault(
    'terminate-node',
    `node ${node}`,
    (target) => target.terminateNode(node),
    (target) => target.restoreNode(node),
  );
