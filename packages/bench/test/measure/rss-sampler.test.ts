import { expect, it } from 'vitest';
import { peakRssDelta } from '../../src/measure/rss-sampler.js';

it('sees a 96 MiB allocation made and touched inside the job', async () => {
  const size = 96 * 2 ** 20;
  const { result, peakDeltaBytes } = await peakRssDelta(async () => {
    const block = Buffer.alloc(size, 1);
    return block.reduce((sum, byte, i) => (i % 4096 === 0 ? sum + byte : sum), 0);
  });
  expect(result).toBe(size / 4096);
  expect(peakDeltaBytes).toBeGreaterThanOrEqual(0.9 * size);
});
