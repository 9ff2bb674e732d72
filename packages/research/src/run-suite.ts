import type { Backend } from '@constant-attention/core';
import type { SuiteName } from './args/research-args.js';
import { instrumentsSuite } from './instruments/instruments-suite.js';
import { trainedInstrumentsSuite } from './instruments/trained-instruments-suite.js';
import { lmSuite } from './lm/lm-suite.js';
import { mqarSuite } from './mqar/mqar-suite.js';
import { progressEvents } from './progress.js';
import type { SuiteReport } from './report/write-report.js';

const summary = (r: Record<string, unknown>) =>
  Object.entries(r)
    .filter(([k]) => k !== 'key')
    .map(
      ([k, v]) =>
        `${k}=${typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(4)) : String(v)}`,
    )
    .join(' ');

export async function runSuite(
  suite: SuiteName,
  backend: Backend,
  out: string,
  quick: boolean,
  jobs = 1,
  fromLm?: string,
): Promise<SuiteReport> {
  const events = progressEvents(summary);
  try {
    if (suite === 'mqar') return await mqarSuite(backend, out, quick, events, undefined, jobs);
    if (suite === 'lm') return await lmSuite(backend, out, quick, events);
    if (fromLm !== undefined) return await trainedInstrumentsSuite(fromLm, out, quick, events);
    return await instrumentsSuite(out, quick, events);
  } finally {
    events.stop();
  }
}
