import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InvalidArgumentError, MalformedFileError } from '@constant-attention/core';
import { writeFileAtomic } from '@constant-attention/model/node';

export const RESULTS_FORMAT = 'constant-attention/research-results';
export const RESULTS_VERSION = 1;

/** One finished run: its config (whose canonical JSON is `key`), seed, metrics and wall time. */
export interface ResearchRecord {
  readonly task: string;
  readonly key: string;
  readonly seed: number;
  readonly wall_s: number;
  readonly [field: string]: unknown;
}

export interface ResultsFile {
  readonly format: typeof RESULTS_FORMAT;
  readonly version: typeof RESULTS_VERSION;
  readonly suite: string;
  readonly quick: boolean;
  readonly records: readonly ResearchRecord[];
}

/** Canonical JSON of a config (keys sorted), so the same run always has the same key. */
export function recordKey(config: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(config).sort(([a], [b]) => (a < b ? -1 : 1))));
}

/**
 * The results of `suite` at `path`, or an empty file when there is none yet. A file of another suite
 * or mode is refused rather than mixed into: resuming must never blend a quick run with a full one.
 */
export async function loadResults(path: string, suite: string, quick: boolean): Promise<ResultsFile> {
  const file = await readResults(path);
  if (!file) return { format: RESULTS_FORMAT, version: RESULTS_VERSION, suite, quick, records: [] };
  if (file.suite !== suite || file.quick !== quick)
    throw new InvalidArgumentError(
      `${path} holds ${file.quick ? 'quick ' : ''}${file.suite} results; use another --out for ${quick ? 'quick ' : ''}${suite}`,
    );
  return file;
}

/** The results file at `path`, of whatever suite and mode it holds; undefined where there is none. */
export async function readResults(path: string): Promise<ResultsFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return undefined;
    throw err;
  }
  return parseResults(text, path);
}

/** A results file's text, checked for its format and records. */
function parseResults(text: string, path: string): ResultsFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new MalformedFileError(`${path}: not JSON`);
  }
  const file = parsed as Partial<ResultsFile>;
  if (file?.format !== RESULTS_FORMAT || file.version !== RESULTS_VERSION || !Array.isArray(file.records))
    throw new MalformedFileError(`${path}: not a ${RESULTS_FORMAT} v${RESULTS_VERSION} file`);
  if (typeof file.suite !== 'string' || typeof file.quick !== 'boolean')
    throw new MalformedFileError(`${path}: no suite or mode`);
  for (const [i, r] of file.records.entries())
    if (typeof r?.key !== 'string' || typeof r.task !== 'string')
      throw new MalformedFileError(`${path}: record ${i} has no key or task`);
  return file as ResultsFile;
}

/** The file with `record` added, written atomically (a kill leaves the old file or the new one whole). */
export async function appendRecord(
  path: string,
  file: ResultsFile,
  record: ResearchRecord,
): Promise<ResultsFile> {
  const next: ResultsFile = {
    ...file,
    records: [...file.records.filter((r) => r.key !== record.key), record],
  };
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, `${JSON.stringify(next, null, 2)}\n`);
  return next;
}
