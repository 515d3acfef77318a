// The name a typo most likely meant, for errors that refuse a misspelt field, value or flag.
import leven from 'leven';

/**
 * The candidate closest to `word`: one that differs only in case, else the nearest within a
 * third of the word's length (so "knd" finds "kind" but "x" finds nothing).
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const sameLetters = candidates.find((c) => c.toLowerCase() === word.toLowerCase());
  if (sameLetters) return sameLetters;
  const within = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = within + 1;
  for (const candidate of candidates) {
    const distance = leven(word.toLowerCase(), candidate.toLowerCase(), { maxDistance: bestDistance });
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** "a, b or c": how a message lists the values allowed. */
export function alternatives(values: readonly unknown[]): string {
  const words = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return words.length <= 1 ? (words[0] ?? 'nothing') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
