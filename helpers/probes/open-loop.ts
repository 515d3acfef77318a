// The schedule both probers keep: each lane fires every `cadenceMs` whatever earlier firings are
// doing (an open loop: a slow answer never delays the next request). A late wake-up fires every
// overdue slot with its own scheduled time, so a stall shows as lag, never as fewer samples.
export interface Lane {
  cadenceMs: number;
  /** Must not reject: what a firing finds is recorded, not thrown. */
  fire(scheduled: number): Promise<void>;
}

export class OpenLoop {
  private readonly next: number[];
  private readonly firing = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly now: () => number,
    private readonly lanes: readonly Lane[],
  ) {
    this.next = lanes.map(() => 0);
  }

  start() {
    this.next.fill(this.now());
    this.running = true;
    this.tick();
  }

  private tick = () => {
    if (!this.running) return;
    const now = this.now();
    let nextDue = Infinity;
    for (let i = 0; i < this.lanes.length; i++) {
      const lane = this.lanes[i]!;
      for (; this.next[i]! <= now; this.next[i]! += lane.cadenceMs) {
        const fired = lane.fire(this.next[i]!);
        this.firing.add(fired);
        void fired.finally(() => this.firing.delete(fired));
      }
      nextDue = Math.min(nextDue, this.next[i]!);
    }
    this.timer = setTimeout(this.tick, Math.max(0, nextDue - this.now()));
  };

  /** Stops firing; resolves once every firing has settled. */
  async stop() {
    this.running = false;
    clearTimeout(this.timer);
    await Promise.allSettled([...this.firing]);
  }
}
