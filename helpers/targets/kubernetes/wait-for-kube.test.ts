import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { hopelessState } from './wait-for-kube.js';

const pod = (reason: string, exitCode?: number, message?: string): V1Pod => ({
  metadata: { name: 'app-1' },
  status: {
    containerStatuses: [
      {
        name: 'app',
        image: 'i',
        imageID: '',
        ready: false,
        restartCount: 2,
        state: { waiting: { reason, message } },
        ...(exitCode !== undefined ? { lastState: { terminated: { exitCode } } } : {}),
      },
    ],
  },
});

describe('a pod that waiting will not make ready', () => {
  it('is one whose image cannot be pulled or whose container crash-loops by itself, named with the reason', () => {
    expect(hopelessState(pod('ImagePullBackOff', undefined, 'Back-off pulling image "app:1"'))).toBe(
      'pod app-1 container app is in ImagePullBackOff: Back-off pulling image "app:1"',
    );
    expect(hopelessState(pod('CrashLoopBackOff', 2))).toBe('pod app-1 container app is in CrashLoopBackOff');
  });

  it('is not one backing off after the suite killed it (exit 137), nor one still creating', () => {
    expect(hopelessState(pod('CrashLoopBackOff', 137))).toBeUndefined();
    expect(hopelessState(pod('ContainerCreating'))).toBeUndefined();
  });
});
