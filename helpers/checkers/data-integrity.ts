// Data integrity, after Jepsen's set checker: values added (channel "writer", check "add")
// against the final read (check "read"). An acknowledged add missing from the final read is
// lost; a value read that nobody tried to add is unexpected. An add whose outcome is unknown
// (timeout) or failed may or may not be there: it is neither lost nor acknowledged. A refused
// write is shown with what the application answered; a "read-back" note says where a value
// was missing (which instance, which status).
import type { History } from '../history/history.js';
import { clock, plural } from './format.js';
import type { Checker } from './verdict.js';

const SHOWN = 5;

export function dataIntegrity(options: { what?: string } = {}): Checker {
  const what = options.what ?? 'value';
  return {
    name: 'data-integrity',
    check(history: History) {
      const adds = history.operations().filter((o) => o.check === 'add' && o.value !== undefined);
      const read = history
        .operations()
        .filter((o) => o.check === 'read' && o.outcome === 'ok' && o.values)
        .sort((a, b) => a.end - b.end)
        .pop();
      if (!read) {
        return { checker: 'data-integrity', valid: 'unknown' as const, figures: { attempted: adds.length }, explanation: `No final read succeeded, so lost ${what}s cannot be counted.` };
      }
      const seen = new Set(read.values);
      const attempted = new Set(adds.map((a) => a.value!));
      const acknowledged = adds.filter((a) => a.outcome === 'ok');
      const uncertain = adds.filter((a) => a.outcome !== 'ok');
      const lost = acknowledged.filter((a) => !seen.has(a.value!));
      const unexpected = [...seen].filter((v) => !attempted.has(v));
      const recovered = uncertain.filter((a) => seen.has(a.value!));
      const figures = {
        attempted: adds.length,
        acknowledged: acknowledged.length,
        failed: adds.filter((a) => a.outcome === 'fail').length,
        indeterminate: adds.filter((a) => a.outcome === 'info').length,
        lost: lost.length,
        unexpected: unexpected.length,
        recovered: recovered.length,
        lostValues: lost.map((a) => a.value),
        unexpectedValues: unexpected,
      };
      const problems: string[] = [];
      if (lost.length > 0) {
        problems.push(
          `${lost.length} of ${plural(acknowledged.length, `acknowledged ${what}`)} were lost: ` +
            `${lost.slice(0, SHOWN).map((a) => `${a.value} (acknowledged at ${clock(history, a.end)})`).join(', ')}${lost.length > SHOWN ? ', …' : ''}`,
        );
      }
      if (unexpected.length > 0) problems.push(`${plural(unexpected.length, `unexpected ${what}`)} appeared: ${unexpected.slice(0, SHOWN).join(', ')}`);
      // Where the final read did not find what it looked for, when the scenario noted it.
      const misses = history.notes('read-back').map((n) => n.text).join('; ');
      // What the writer was told when the application refused a write: part of what a user saw.
      const refused = adds.filter((a) => a.outcome === 'fail');
      const refusals = refused.length
        ? ` ${plural(refused.length, 'write')} refused: ${refused.slice(0, SHOWN).map((a) => `${a.value} (${a.status ? `HTTP ${a.status}` : a.error}${a.detail ? `, ${a.detail}` : ''})`).join(', ')}.`
        : '';
      return {
        checker: 'data-integrity',
        valid: problems.length === 0,
        figures,
        explanation:
          problems.length > 0
            ? `Data lost: ${problems.join('; ')} (final read at ${clock(history, read.end)}${misses ? `: ${misses}` : ''}).${refusals}`
            : `All ${plural(acknowledged.length, `acknowledged ${what}`)} were read back; ${figures.indeterminate} indeterminate, ${figures.recovered} of the uncertain present.${refusals}`,
      };
    },
  };
}
