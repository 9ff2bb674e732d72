import type { GoldenRow } from '../src/golden/golden-report.js';
import type { RandomRow } from './protocol.js';

/**
 * Browser rows that fail today because of a bug in a GPU runtime or in our lowering for it, each with the
 * reason found. They are printed as XFAIL, never hidden; any other failed row fails the test. A listed row
 * that passes is printed as XPASS so the entry gets removed. Keep entries as narrow as the evidence allows.
 */
export interface KnownFailure {
  readonly env: string;
  readonly kind: 'golden' | 'random';
  readonly mechanism: string;
  /** Golden: the form ('parallel' | 'chunked' | 'recurrent'); random: a substring of the check name. '*' = all. */
  readonly form: string;
  readonly reason: string;
}

export const KNOWN_FAILURES: readonly KnownFailure[] = [];

function matches(
  entry: KnownFailure,
  env: string,
  kind: 'golden' | 'random',
  mechanism: string,
  form: string,
): boolean {
  if (entry.env !== env || entry.kind !== kind) return false;
  if (entry.mechanism !== '*' && entry.mechanism !== mechanism) return false;
  if (entry.form === '*') return true;
  return kind === 'golden' ? entry.form === form : form.includes(entry.form);
}

export function knownFailureFor(row: GoldenRow | RandomRow): KnownFailure | undefined {
  const golden = 'form' in row;
  const form = golden ? (row as GoldenRow).form : (row as RandomRow).check;
  return KNOWN_FAILURES.find((e) => matches(e, row.env, golden ? 'golden' : 'random', row.mechanism, form));
}
