// How long a piece of work took, as the benches report it: seconds, to a tenth.
export async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { seconds: Number(((performance.now() - started) / 1000).toFixed(1)), value };
}
