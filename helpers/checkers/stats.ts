// Small statistics over latencies and counts.

/** Nearest-rank percentile (p in 0..100) of unsorted values; undefined when there are none. */
export function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function median(values: number[]): number | undefined {
  return percentile(values, 50);
}

export const round = (value: number | undefined, digits = 1) =>
  value === undefined ? undefined : Number(value.toFixed(digits));
