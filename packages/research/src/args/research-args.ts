import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '@constant-attention/core';

export const SUITE_NAMES = ['mqar', 'lm', 'instruments'] as const;
export type SuiteName = (typeof SUITE_NAMES)[number];

export interface ResearchArgs {
  readonly suite: SuiteName;
  readonly quick: boolean;
  readonly backend: string;
  readonly device: string;
  readonly out: string;
  /** Runs in parallel (mqar only); default the machine's core count for mqar, 1 otherwise. */
  readonly jobs: number;
  /** instruments only: the lm suite's --out, whose trained models the suite reads instead of random q, k. */
  readonly fromLm?: string;
  readonly help: boolean;
}

export const USAGE = `usage: pnpm research <${SUITE_NAMES.join('|')}> [--quick] [--backend B --device D] [--jobs N] --out DIR
       pnpm research instruments --from-lm LM_DIR [--quick] --out DIR

  mqar         multi-query associative recall (Zoology) for every registered mechanism
  lm           held-out bits/byte, training tokens/s and decode state bytes on the SOTU corpus
  instruments  row entropy, spectral gap and log-normal fit of the attention matrices

  --from-lm    the instruments on the models that \`pnpm research lm --out LM_DIR\` trained (LM_DIR/runs/)
  --quick      the short version (minutes, not hours)
  --backend    backend to train on (default ort); --device its device (default cpu)
  --jobs       mqar only: runs in parallel, each in its own worker thread with the cores split between
               them (default: the number of cores, ${availableParallelism()} here)
  --out        folder for results.json, results.md and the plots; a rerun resumes there`;

/**
 * The command line, checked. Every mistake is an InvalidArgumentError naming it, so the CLI ends with
 * one line and exit code 2 (node's own parseArgs errors are rethrown as such, with their message).
 */
export function parseResearchArgs(argv: readonly string[]): ResearchArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help)
    return { suite: 'mqar', quick: false, backend: 'ort', device: 'cpu', out: '', jobs: 1, help: true };
  const [suite, ...extra] = positionals;
  if (suite === undefined)
    throw new InvalidArgumentError(`no suite given (one of ${SUITE_NAMES.join(', ')})`);
  if (!(SUITE_NAMES as readonly string[]).includes(suite))
    throw new InvalidArgumentError(`unknown suite '${suite}' (one of ${SUITE_NAMES.join(', ')})`);
  if (extra.length > 0) throw new InvalidArgumentError(`unexpected argument '${extra[0]}'`);
  if (values.out === undefined || values.out.trim() === '')
    throw new InvalidArgumentError('--out DIR is required');
  if (values.device !== undefined && values.backend === undefined)
    throw new InvalidArgumentError('--device needs --backend');
  if (values['from-lm'] !== undefined && suite !== 'instruments')
    throw new InvalidArgumentError(`--from-lm is for the instruments suite, not ${suite}`);
  if (values['from-lm'] !== undefined && values['from-lm'].trim() === '')
    throw new InvalidArgumentError("--from-lm needs the lm suite's --out folder");
  let jobs = suite === 'mqar' ? availableParallelism() : 1;
  if (values.jobs !== undefined) {
    // lm reports training tokens/s, which parallel runs would distort; instruments take seconds.
    if (suite !== 'mqar') throw new InvalidArgumentError(`--jobs applies to mqar only, not ${suite}`);
    jobs = Number(values.jobs);
    if (!/^\d+$/.test(values.jobs.trim()) || !Number.isSafeInteger(jobs) || jobs < 1)
      throw new InvalidArgumentError(`--jobs must be a positive integer, got '${values.jobs}'`);
  }
  return {
    suite: suite as SuiteName,
    quick: values.quick ?? false,
    backend: values.backend ?? 'ort',
    device: values.device ?? 'cpu',
    out: values.out,
    ...(values['from-lm'] !== undefined ? { fromLm: values['from-lm'] } : {}),
    jobs,
    help: false,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...(argv[0] === '--' ? argv.slice(1) : argv)],
    allowPositionals: true,
    strict: true,
    options: {
      quick: { type: 'boolean' },
      backend: { type: 'string' },
      device: { type: 'string' },
      out: { type: 'string' },
      'from-lm': { type: 'string' },
      jobs: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
