import type { HostMatrix, LogNormalFit } from '@constant-attention/core';
import { renderVegaLite } from './vega-render.js';

const BINS = 30;

/** Histogram of log P over the positive entries, with the normal density of the log-normal fit on top. */
export async function renderLogPHistogram(
  container: HTMLElement,
  m: HostMatrix,
  fit: LogNormalFit,
  title: string,
): Promise<void> {
  const logs = Array.from(
    m.data.filter((p) => p > 0),
    Math.log,
  );
  const lo = Math.min(...logs);
  const hi = Math.max(...logs);
  const width = (hi - lo) / BINS || 1;
  const counts = new Array<number>(BINS).fill(0);
  for (const x of logs) counts[Math.min(BINS - 1, Math.floor((x - lo) / width))]!++;
  const sigma = Math.sqrt(fit.variance);
  const density = (x: number) =>
    Math.exp(-0.5 * ((x - fit.mean) / sigma) ** 2) / (sigma * Math.sqrt(2 * Math.PI));
  const bars = counts.map((count, i) => ({ x0: lo + i * width, x1: lo + (i + 1) * width, count }));
  const curve = counts.map((_, i) => {
    const x = lo + (i + 0.5) * width;
    return { x, expected: sigma > 0 ? logs.length * width * density(x) : 0 };
  });
  await renderVegaLite(container, {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 240,
    height: 110,
    layer: [
      {
        data: { values: bars },
        mark: { type: 'rect', color: '#8aa9c8' },
        encoding: {
          x: { field: 'x0', type: 'quantitative', title: 'log P' },
          x2: { field: 'x1' },
          y: { field: 'count', type: 'quantitative', title: 'entries' },
          y2: { datum: 0 },
        },
      },
      {
        data: { values: curve },
        mark: { type: 'line', color: '#b5482a' },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'expected', type: 'quantitative' } },
      },
    ],
  });
}
