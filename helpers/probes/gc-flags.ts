// Node flags for processes that run the prober. The prober keeps every operation; with
// Node's default young generation, scavenges of ~10 ms every half second at 2,000 requests a
// second delay its schedule. A larger young generation makes them rarer (bench/prober-capacity).
export const GC_FLAGS = ['--max-semi-space-size=64'];
