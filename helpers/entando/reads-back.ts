// The guide's "read the data back": what a read must give for a write to count as kept.
/**
 * Whether a read gives back what was written: every field the create acknowledged, equal
 * (key order aside). A read may say more than the create did (Entando 6.2's page templates
 * gain `references`), which is not a difference in the data.
 */
export function readsBack(read: unknown, written: unknown): boolean {
  if (Array.isArray(written)) return Array.isArray(read) && read.length === written.length && written.every((w, i) => readsBack(read[i], w));
  if (written && typeof written === 'object') {
    return !!read && typeof read === 'object' && Object.entries(written).every(([key, value]) => readsBack((read as Record<string, unknown>)[key], value));
  }
  return read === written;
}
