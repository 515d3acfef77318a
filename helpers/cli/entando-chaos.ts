#!/usr/bin/env -S npx tsx
// entando-chaos: the suite's command. Each subcommand lives in its own module.
import { log } from '../log/log.js';
import { checkEnvironment, describeEnvironment, EnvironmentError } from '../suite/environment.js';
import { didYouMean } from '../validation/did-you-mean.js';
import { UsageError } from './args.js';

const USAGE = `usage: entando-chaos <command> [options]

commands:
  run      the main job (npm start): the self-test, every scenario and its negative controls on the
           reference app, the verdict table, the reports; exit code 0 only if every selected case
           holds (--scenario NAME picks the scenarios whose name contains NAME; --dry-run prints
           the plan: target, layouts, faults, what they would hit, SLOs, and starts nothing).
           --app entando-engine|reference: the assessment instead, the guide's steps on that
           application as it deploys on the embedded target, nothing reconfigured; --assess: the
           assessment of the cluster's application (CHAOS_TARGET=kind). A step the deployment
           cannot take is not applicable, with its reason, and counts neither way
  up       start the embedded target and keep it up (--app reference|entando-engine --replicas N
           --redis none|single|sentinel --dbms postgresql|embedded --sessions redis|memory
           --shutdown graceful|immediate --lb ha|naive --placement spread|single-node; the
           entando-engine app is the real Entando 6.2.27 engine and takes only --replicas, --lb
           and --placement: the other flags are the reference app's switches)
  down     stop every embedded target on this Docker engine
  images   resolve the images (build them offline if they cannot be pulled) and print their names
           (--app entando-engine: also build the engine's WAR and image)
  cluster:up    a kind cluster with Traefik, PostgreSQL, Redis and the application
                (--profile reference|entando|entando-engine --redis single|sentinel
                --ingress-class traefik|nginx --port 8480 --replicas 2); reuses a running
                cluster. entando-engine: the real Entando 6.2.27 engine behind the HA edge,
                without Redis; judge it with CHAOS_TARGET=kind CHAOS_PROFILE=entando-engine
                npm start -- --assess
  cluster:down  delete the kind cluster
  cluster:images  the kind node and Traefik images cluster:up will use, built from source when
                  they cannot be pulled (README: air-gapped); prints their names
  watch    probe a URL until Ctrl-C or --duration, then print the outage windows and write a report
           (--url URL --duration 60s --cadence 50ms --timeout 2s --slow 1s --marker TEXT --health PATH)
`;

type Command = (argv: string[]) => Promise<void>;
// Loaded on demand: a dry run or a usage error should not pay for the Kubernetes client or vitest.
const commands: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./run.js')).run,
  up: async () => (await import('./target-commands.js')).up,
  down: async () => (await import('./target-commands.js')).down,
  images: async () => (await import('./target-commands.js')).images,
  watch: async () => (await import('./watch.js')).watch,
  'cluster:up': async () => (await import('./cluster-commands.js')).clusterUp,
  'cluster:down': async () => (await import('./cluster-commands.js')).clusterDown,
  'cluster:images': async () => (await import('./cluster-commands.js')).clusterImages,
};

async function main() {
  const [name, ...argv] = process.argv.slice(2);
  const load = name ? commands[name] : undefined;
  if (!load) {
    const meant = name && didYouMean(name, Object.keys(commands));
    const environment = `\nenvironment (an empty value counts as unset):\n${describeEnvironment().map((line) => `  ${line}`).join('\n')}\n`;
    process.stderr.write(name && name !== 'help' ? `unknown command ${JSON.stringify(name)}${meant ? ` (did you mean ${meant}?)` : ''}\n\n${USAGE}` : `${USAGE}${environment}`);
    process.exit(name && name !== 'help' ? 2 : 0);
  }
  // Every bad variable named before a command starts anything, not when it is first read.
  checkEnvironment();
  await (await load())(argv);
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: Error) => {
    if (error instanceof EnvironmentError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    log.warn(`${error.name}: ${error.message}`);
    process.exit(1);
  },
);
