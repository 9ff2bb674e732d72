import { parseArgs } from 'node:util';
import { baselineFirst, getMechanism, InvalidArgumentError, mechanismNames } from '@constant-attention/core';
import { parseBackendSpec } from './backend-spec.js';
import { type BenchArgs, SUITE_NAMES, type SuiteName } from './bench-args.js';

/**
 * The mechanisms the bench compares by default: every registered one that needs no gate input (the
 * bench feeds q, k and v only), the baseline first (the tables compare with it), then the registry's order.
 */
export function defaultMechanisms(): string[] {
  return baselineFirst(mechanismNames().filter((name) => !getMechanism(name).usesGate));
}
export const DEFAULT_BACKENDS = 'ort:cpu';
/** train compares ORT against tfjs wasm (the goal is a ratio), so it runs both unless told. */
export const TRAIN_DEFAULT_BACKENDS = 'ort:cpu,tfjs:wasm';

export const USAGE = `usage: bench <suite> [--quick] [--backends ort:cpu,tfjs:wasm,...] [--mechanisms a,b,...]
             [--lengths 512,4096,...] [--out dir]
suites: ${SUITE_NAMES.join(', ')}
mechanisms: ${mechanismNames().join(', ')}`;

function list(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return items;
}

function parseLength(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || !/^\d+$/.test(raw)) {
    throw new InvalidArgumentError(`--lengths: '${raw}' is not a positive integer`);
  }
  return n;
}

function checkSuite(raw: string | undefined): SuiteName {
  if (raw === undefined) throw new InvalidArgumentError(`missing suite name\n${USAGE}`);
  if (!(SUITE_NAMES as readonly string[]).includes(raw)) {
    throw new InvalidArgumentError(`unknown suite '${raw}' (suites: ${SUITE_NAMES.join(', ')})`);
  }
  return raw as SuiteName;
}

/**
 * Parses `<suite> [flags]`. Backend and mechanism names are checked against the registries, so the
 * backend packages must be imported first. Every mistake is an InvalidArgumentError (or
 * BackendNotRegisteredError) that names what was wrong.
 */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let parsed: ReturnType<typeof parseRaw>;
  try {
    parsed = parseRaw(argv);
  } catch (error) {
    throw new InvalidArgumentError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) {
    throw new InvalidArgumentError(`expected one suite, got ${positionals.join(' ')}\n${USAGE}`);
  }
  const suite = checkSuite(positionals[0]);
  const backendSpecs =
    list(values.backends ?? (suite === 'train' ? TRAIN_DEFAULT_BACKENDS : DEFAULT_BACKENDS)) ?? [];
  if (backendSpecs.length === 0) throw new InvalidArgumentError('--backends: the list is empty');
  const mechanisms = list(values.mechanisms) ?? defaultMechanisms();
  if (mechanisms.length === 0) throw new InvalidArgumentError('--mechanisms: the list is empty');
  // Throws InvalidArgumentError listing the known mechanisms.
  for (const name of mechanisms) getMechanism(name);
  const lengthItems = list(values.lengths);
  if (lengthItems !== undefined && lengthItems.length === 0) {
    throw new InvalidArgumentError('--lengths: the list is empty');
  }
  const lengths = lengthItems?.map(parseLength);
  return {
    suite,
    quick: values.quick ?? false,
    backends: backendSpecs.map(parseBackendSpec),
    mechanisms: [...new Set(mechanisms)],
    ...(lengths ? { lengths: [...new Set(lengths)].sort((a, b) => a - b) } : {}),
    outDir: values.out ?? `bench-results/${suite}`,
  };
}

function parseRaw(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      quick: { type: 'boolean' },
      backends: { type: 'string' },
      mechanisms: { type: 'string' },
      lengths: { type: 'string' },
      out: { type: 'string' },
    },
  });
}
