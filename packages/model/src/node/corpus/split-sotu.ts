import { createHash } from 'node:crypto';
import { loadSotuSpeeches, sotuPackageVersion } from './load-sotu-speeches.js';
import { corpusBytes, type Speech } from './speech.js';

export interface CorpusSplit {
  readonly train: readonly Speech[];
  readonly heldOut: readonly Speech[];
  /** UTF-8 bytes of corpusText(train) / corpusText(heldOut), separators included: the denominator of bits per byte. */
  readonly trainBytes: number;
  readonly heldOutBytes: number;
  /** Names the corpus and the rule, e.g. "sotu@0.2.3/every-10th"; keys token caches. */
  readonly version: string;
  readonly rule: string;
}

export const SPLIT_RULE = 'every-10th';

/**
 * Holds out every 10th speech in (year, president) order, i.e. index % 10 === 9. Spreading the held-out
 * speeches over all 231 years keeps their style mix like the training set's; a trailing block would
 * hold out only modern speeches. Given speeches other than the SOTU package's, the version names a
 * hash of their content instead of the package.
 */
export function splitSotu(speeches?: readonly Speech[]): CorpusSplit {
  const source =
    speeches === undefined ? `sotu@${sotuPackageVersion()}` : `speeches-${contentHash(speeches)}`;
  const all = speeches ?? loadSotuSpeeches();
  const train = all.filter((_, i) => i % 10 !== 9);
  const heldOut = all.filter((_, i) => i % 10 === 9);
  return {
    train,
    heldOut,
    trainBytes: corpusBytes(train),
    heldOutBytes: corpusBytes(heldOut),
    version: `${source}/${SPLIT_RULE}`,
    rule: 'speeches sorted by (year, president); index % 10 === 9 is held out',
  };
}

function contentHash(speeches: readonly Speech[]): string {
  const hash = createHash('sha256');
  for (const s of speeches) hash.update(JSON.stringify([s.year, s.president, s.text]));
  return hash.digest('hex').slice(0, 12);
}
