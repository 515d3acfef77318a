// Writes the run's HTML report and markdown summary from its scenario results.
import { appendFile, writeFile } from 'node:fs/promises';
import { redact } from '../log/redact.js';
import { REPORTS_DIR } from '../paths.js';
import { envVar } from '../suite/environment.js';
import { htmlReport } from './html-report.js';
import { markdownSummary } from './markdown-summary.js';
import type { ScenarioResult } from './scenario-result.js';

export async function writeReports(all: ScenarioResult[], dir = REPORTS_DIR): Promise<{ html: string; markdown: string }> {
  const html = `${dir}/report.html`;
  const markdown = `${dir}/summary.md`;
  const summary = redact(markdownSummary(all));
  await writeFile(html, redact(await htmlReport(all, dir)));
  await writeFile(markdown, summary);
  // On GitHub Actions, the summary also goes to the job summary.
  const jobSummary = envVar('GITHUB_STEP_SUMMARY');
  if (jobSummary) await appendFile(jobSummary, summary);
  return { html, markdown };
}
