// Around the scenarios of one run: start from an empty report, and at the end write the HTML
// report and markdown summary and print the verdict table.
import { rm } from 'node:fs/promises';
import { REPORTS_DIR } from '../paths.js';
import { loadResults } from '../report/scenario-result.js';
import { textTable } from '../report/verdict-table.js';
import { writeReports } from '../report/write-reports.js';

export default async function setup() {
  for (const dir of ['results', 'plots', 'journals']) await rm(`${REPORTS_DIR}/${dir}`, { recursive: true, force: true });
  return async () => {
    if ((await loadResults()).length === 0) return;
    const { html, markdown, results } = await writeReports();
    process.stdout.write(`\n${textTable(results)}\n\nReport: ${html}\nSummary: ${markdown}\n`);
  };
}
