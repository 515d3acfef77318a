// The guide's "read the data back": what a read must give for a write to count as kept. Every
// field the create acknowledged must come back equal (key order aside); a read may say more
// than the create did (Entando 6.2's page templates gain \`references\`), which is not a
// difference in the data.

/** Where a read differs from what was written ("configuration.frames[0].descr: wrote \"Main\", read \"x\""), or undefined. */
export function difference(read: unknown, written: unknown, path = ''): string | undefined {
  const at = path || '(the whole value)';
  if (Array.isArray(written)) {
    if (!Array.isArray(read) || read.length !== written.length) return `${at}: wrote ${written.length} items, read ${Array.isArray(read) ? read.length : JSON.stringify(read)}`;
    for (const [i, w] of written.entries()) {
      const found = difference(read[i], w, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (written && typeof written === 'object') {
    if (!read || typeof read !== 'object') return `${at}: read ${JSON.stringify(read)}`;
    for (const [key, value] of Object.entries(written)) {
      const found = difference((read as Record<string, unknown>)[key], value, path ? `${path}.${key}` : key);
      if (found) return found;
    }
    return undefined;
  }
  return read === written ? undefined : `${at}: wrote ${JSON.stringify(written)}, read ${JSON.stringify(read)}`;
}

export const readsBack = (read: unknown, written: unknown) => difference(read, written) === undefined;
