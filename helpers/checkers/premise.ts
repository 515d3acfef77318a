// A negative control's premise: the fault must have caused what the control is about before
// its verdict means anything. Without it the control would hold, or fail, by luck (on kind a
// one-replica pod deletion once lost nothing: the replacement was ready before the old pod
// left). A premise that did not happen makes the verdict unknown and says so.
import type { History } from '../history/history.js';
import { describeFault, plural } from './format.js';
import type { Checker, Verdict } from './verdict.js';

export function outageCaused(channel: string): Checker {
  return {
    name: 'premise',
    check(history: History): Verdict {
      // A control whose layout is the experiment (mixed versions) injects no fault: its whole run counts.
      const injected = history.faults().find((f) => f.stage === 'inject-start');
      const healed = history.faults().filter((f) => f.stage === 'heal-end').pop();
      const from = injected?.at ?? 0;
      // A slot the probe could not use is no outage the control caused. A request sent before the
      // fault and lost in flight when it struck ended after it began: the fault cost it.
      const during = history.operations(channel).filter((op) => op.error !== 'unmeasured' && op.end >= from && op.scheduled <= (healed?.at ?? Infinity));
      const unserved = during.filter((op) => op.outcome !== 'ok').length;
      const fault = injected ? describeFault(injected) : 'the run (no fault is injected)';
      const figures = { channel, requestsDuringFault: during.length, unserved };
      if (unserved > 0) {
        return { checker: 'premise', valid: true, figures, explanation: `Premise met: ${plural(unserved, 'request')} on ${channel} went unserved during ${fault}.` };
      }
      return {
        checker: 'premise',
        valid: 'unknown',
        figures,
        explanation: `Premise not met: no outage was caused: all ${plural(during.length, 'request')} on ${channel} were served during ${fault}, so this negative control proves nothing.`,
      };
    },
  };
}
