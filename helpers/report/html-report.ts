// The self-contained HTML report of a run: the target first, the verdict table, then per
// scenario its explanation, each checker's verdict, the timeline plot (inline SVG) and, for a
// browser channel, what its page looked like (embedded screenshots).
import { readFile } from 'node:fs/promises';
import { REPORTS_DIR } from '../paths.js';
import { FILMSTRIP_STYLE, filmstripHtml } from './filmstrip-html.js';
import { escape } from './html-escape.js';
import { resultKey, type Evidence, type ScenarioResult } from './scenario-result.js';
import { COLUMNS, holdCount, tableRows, verdictWord } from './verdict-table.js';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;max-width:1000px;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}
.no{background:#fde2e4}.yes{background:#e3f4ef}.unknown{background:#fff3cd}code{font-size:12px}
section{border-top:2px solid #ddd;margin-top:2rem;padding-top:1rem}pre{font-size:11px;overflow-x:auto;background:#f6f6f6;padding:.5rem}svg{max-width:100%;height:auto}
${FILMSTRIP_STYLE}`;

function targetLine(result: ScenarioResult | undefined): string {
  const t = result?.target;
  if (!t) return 'no scenario ran';
  if (t.kind === 'url') return `URL <code>${escape(t.url)}</code>`;
  return `${escape(t.kind)}, context <code>${escape(t.context)}</code>, namespace <code>${escape(t.namespace)}</code>: ${escape(t.summary)}`;
}

/** The end of an evidence file, where the story is; the whole file is beside the report. */
const EVIDENCE_LINES = 80;

async function evidenceBlock(e: Evidence, dir: string): Promise<string> {
  const lines = (await readFile(`${dir}/${e.file}`, 'utf8').catch(() => '(missing)')).trimEnd().split('\n');
  const shown = lines.slice(-EVIDENCE_LINES);
  return `<details><summary>${escape(e.title)} (${lines.length} lines${lines.length > shown.length ? `, the last ${shown.length} shown` : ''}; <code>${escape(e.file)}</code>)</summary><pre>${escape(shown.join('\n'))}</pre></details>`;
}

async function section(r: ScenarioResult, dir: string): Promise<string> {
  const svg = r.plot ? await readFile(`${dir}/${r.plot}`, 'utf8').catch(() => '<p>(no plot)</p>') : '<p>(no plot: the case did not finish)</p>';
  const rows = r.verdict.verdicts
    .map((v) => `<tr class="${v.valid === true ? 'yes' : v.valid === false ? 'no' : 'unknown'}"><td>${escape(v.checker)}</td><td>${verdictWord(v.valid)}</td><td>${escape(v.explanation)}</td></tr>`)
    .join('');
  return `<section id="${escape(resultKey(r))}"><h2>${escape(r.title)}</h2>
<p>${r.notApplicable === undefined ? `Expected <b>${r.expect}</b>, verdict <b>${verdictWord(r.verdict.valid)}</b>: ${r.holds ? 'holds' : '<b>does not hold</b>'}` : '<b>Not applicable</b>: counted neither as holding nor as failing'}. Started ${escape(r.startedAt)}, took ${(r.durationMs / 1000).toFixed(1)} s.</p>
<p>${escape(r.verdict.explanation)}</p>
<table><tr><th>checker</th><th>verdict</th><th>explanation</th></tr>${rows}</table>
${svg}
${r.filmstrips?.length ? await filmstripHtml(r.filmstrips, dir) : ''}
${(await Promise.all((r.evidence ?? []).map((e) => evidenceBlock(e, dir)))).join('\n')}
${r.journal ? `<p>Journal: <code>${escape(r.journal)}</code></p>` : ''}</section>`;
}

export async function htmlReport(results: ScenarioResult[], dir = REPORTS_DIR, title = 'Entando HA chaos report'): Promise<string> {
  const table = tableRows(results)
    .map((row, i) => `<tr class="${results[i]!.holds ? 'yes' : results[i]!.notApplicable === undefined ? 'no' : 'unknown'}">${row.map((c, j) => `<td>${j === 0 ? `<a href="#${escape(resultKey(results[i]!))}">${escape(c)}</a>` : escape(c)}</td>`).join('')}</tr>`)
    .join('\n');
  const sections = await Promise.all(results.map((r) => section(r, dir)));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title><style>${STYLE}</style></head><body>
<h1>${escape(title)}</h1>
<p>Target: ${targetLine(results.find((r) => r.target))}</p>
<p>${holdCount(results)}.</p>
<table><tr>${COLUMNS.map((c) => `<th>${c}</th>`).join('')}</tr>
${table}</table>
${sections.join('\n')}
</body></html>
`;
}
