// Vegeta (MIT), the load channel's generator, built from its Go module into .tools/bin by the
// README's commands (helpers/cli/ensure-dependencies.mjs), as actionlint is by .ci/run.
// Not k6: its AGPL licence is one this project does not take on.
import { existsSync } from 'node:fs';
import { PROJECT_ROOT } from '../paths.js';

export const VEGETA = `${PROJECT_ROOT}.tools/bin/vegeta`;

export function vegetaPath(): string {
  if (!existsSync(VEGETA)) {
    throw new Error(`no Vegeta at ${VEGETA}: \`npm start\` and \`npm test\` build it (helpers/cli/ensure-dependencies.mjs, with Go and its module proxy); run \`node helpers/cli/ensure-dependencies.mjs\``);
  }
  return VEGETA;
}
