import type { HostMatrix } from '@constant-attention/core';
import { renderVegaLite } from './vega-render.js';

/** An attention matrix as a heatmap: query rows down, key columns across, weight as colour. */
export async function renderHeatmap(container: HTMLElement, m: HostMatrix, title: string): Promise<void> {
  const values: { query: number; key: number; p: number }[] = [];
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) values.push({ query: i, key: j, p: m.data[i * m.cols + j]! });
  await renderVegaLite(container, {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 240,
    height: 240,
    data: { values },
    mark: 'rect',
    encoding: {
      x: { field: 'key', type: 'ordinal', title: 'key j', axis: { labels: false, ticks: false } },
      y: { field: 'query', type: 'ordinal', title: 'query i', axis: { labels: false, ticks: false } },
      color: { field: 'p', type: 'quantitative', title: 'P', scale: { scheme: 'viridis' } },
      tooltip: [{ field: 'query' }, { field: 'key' }, { field: 'p', format: '.4g' }],
    },
    config: { view: { stroke: null } },
  });
  container.dataset.rendered = 'true';
}
