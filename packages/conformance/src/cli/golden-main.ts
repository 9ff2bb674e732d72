import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { registeredBackends, reportCliError } from '@constant-attention/core';
import { loadBackendPackages } from '../backends/load-backend-packages.js';
import { formatReport, reportToJson } from '../golden/format-report.js';
import { runGolden } from '../golden/run-golden.js';
import { type ConformanceEnv, NODE_ENVS, selectEnvs } from '../suite/all-envs.js';
import { defaultGoldenFolder, defaultGoldenLmFolder } from './repository-root.js';

const USAGE = `usage: golden [file-or-folder ...] [--backends ref,ort:cpu,tfjs] [--json out.json] [--cases-only]

Runs every golden case on every backend:device available in Node and every form its runner lists, then
every registered mechanism's forms against its naive.ts oracle on seeded random inputs (not with
--cases-only).
Default folders: <repository>/../shared/golden and ../shared/golden-lm. Exits 1 if any row failed, 2 on bad usage.`;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Base for relative paths given on the command line. */
  readonly cwd: string;
}

/** Node envs, plus the default device of any registered backend the list does not know yet. */
function candidateEnvs(): ConformanceEnv[] {
  const envs = [...NODE_ENVS];
  for (const r of registeredBackends()) {
    if (!envs.some((e) => e.backend === r.name)) {
      envs.push({
        label: `${r.name}:${r.defaultDevice}`,
        backend: r.name,
        device: r.defaultDevice,
        runtime: 'node',
      });
    }
  }
  return envs;
}

/** Returns the exit code. */
export async function goldenMain(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (err) {
    return reportCliError(err, io.stderr);
  }
  if (parsed.values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const packages = await loadBackendPackages();
  const paths =
    parsed.positionals.length > 0
      ? parsed.positionals.map((p) => resolve(io.cwd, p))
      : [defaultGoldenFolder(), defaultGoldenLmFolder()];
  const report = await runGolden({
    paths,
    envs: selectEnvs(parsed.values.backends, candidateEnvs()),
    envsNamed: parsed.values.backends !== undefined,
    packages,
    naiveOracles: !parsed.values['cases-only'],
  });
  if (parsed.values.json) await writeFile(resolve(io.cwd, parsed.values.json), `${reportToJson(report)}\n`);
  io.stdout(`${formatReport(report)}\n`);
  return report.failed > 0 || report.rows.length === 0 ? 1 : 0;
}

function parseCommandLine(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      backends: { type: 'string' },
      json: { type: 'string' },
      'cases-only': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
