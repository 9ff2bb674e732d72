import { describe, expect, it } from 'vitest';
import { flagNonFlatDecode } from '../../src/flags/contradictions.js';
import { decodeSummary, decodeTable } from '../../src/report/decode-table.js';
import type { DecodeSample } from '../../src/schema/bench-results.js';
import { decodeSample } from '../flags/synthetic-samples.js';

type Paired = NonNullable<DecodeSample['paired_ratio']>;
const paired = (median: number, p10: number, p90: number, reference_n = 512): Paired => ({
  reference_n,
  median,
  p10,
  p90,
  rounds: 40,
});

/** A ratio of medians of 1.5, clear of the spread (p10 at 65536 above p90 at 512), as drift makes it. */
const driftedPair = (mechanism: string, pairedRatio: Paired) => [
  decodeSample(mechanism, 512, 1.0, { paired_ratio: paired(1, 1, 1) }),
  decodeSample(mechanism, 65536, 1.5, { paired_ratio: pairedRatio }),
];

describe('flagNonFlatDecode with interleaved (paired) timing', () => {
  it('judges by the paired ratio: a drifted ratio of medians is not flagged when the rounds say flat', () => {
    expect(flagNonFlatDecode(driftedPair('lln', paired(0.98, 0.9, 1.07)))).toEqual([]);
  });

  it('flags a paired growth above 1.1 that nine rounds in ten agree on', () => {
    const flags = flagNonFlatDecode(driftedPair('lln', paired(1.3, 1.2, 1.4)));
    expect(flags).toHaveLength(1);
    expect(flags[0]!.message).toMatch(
      /t\(65536\)\/t\(512\) = 1\.30 > 1\.1 \(median over 40 interleaved rounds; p10 1\.20 > 1\)/,
    );
  });

  it('does not flag a paired growth whose rounds often go the other way', () => {
    expect(flagNonFlatDecode(driftedPair('lln', paired(1.2, 0.95, 1.5)))).toEqual([]);
  });

  it('falls back to the ratio of medians when the pairing is against another length', () => {
    const flags = flagNonFlatDecode(driftedPair('lln', paired(1, 1, 1, 4096)));
    expect(flags).toHaveLength(1);
    expect(flags[0]!.message).toMatch(/= 1\.50 > 1\.1 \(p10 at n=65536/);
  });

  it('never flags softmax, whose stated step cost grows', () => {
    expect(flagNonFlatDecode(driftedPair('softmax', paired(100, 90, 110)))).toEqual([]);
  });
});

describe('decode summary and table with paired timing', () => {
  const samples = [
    decodeSample('softmax', 512, 2, { paired_ratio: paired(1, 1, 1) }),
    decodeSample('softmax', 65536, 300, { paired_ratio: paired(160, 150, 170) }),
    ...driftedPair('lln', paired(0.98, 0.9, 1.07)),
    decodeSample('linear', 512, 1),
    decodeSample('linear', 65536, 1.2),
  ];

  it('reports the paired growth, says how each was measured, and keeps the ratio of medians', () => {
    expect(decodeSummary(samples)['ort:cpu']).toEqual({
      shortest_n: 512,
      longest_n: 65536,
      time_growth_longest_over_shortest: { softmax: 160, lln: 0.98, linear: 1.2 },
      time_growth_method: { softmax: 'paired rounds', lln: 'paired rounds', linear: 'ratio of medians' },
      time_growth_ratio_of_medians: { softmax: 150, lln: 1.5, linear: 1.2 },
      speed_up_over_softmax_at_longest_n: { lln: 200, linear: 250 },
    });
  });

  it('prints the paired ratio with its round spread next to the ratio of medians', () => {
    const table = decodeTable(samples);
    expect(table).toContain('| t(65536)/t(512) paired by round (p10-p90) | ratio of medians |');
    expect(table).toMatch(/\| lln \| .* \| 0\.98x \(0\.90x-1\.07x, 40 rounds\) \| 1\.50x \|/);
    expect(table).toMatch(/\| linear \| .* \| - \| 1\.20x \|/);
  });
});
