import { renderSvg } from '../plots/render-svg.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import type { LogRecord } from './run-training.js';

/** Training loss (per step) and held-out loss (per evaluation), in nats per token, against the step. */
export async function writeLossCurve(path: string, log: readonly LogRecord[], title: string): Promise<void> {
  const rows = log.map((r) => ({
    step: r.step,
    series: r.kind === 'step' ? 'train' : 'held out',
    nats: r.kind === 'step' ? r.loss : r.val_loss_nats_per_token,
  }));
  const spec = {
    title,
    width: 560,
    height: 300,
    background: 'white',
    data: { values: rows },
    mark: { type: 'line', point: false },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'step' },
      y: { field: 'nats', type: 'quantitative', title: 'loss (nats / token)', scale: { zero: false } },
      color: { field: 'series', type: 'nominal' },
    },
  };
  await writeFileAtomic(path, await renderSvg(spec));
}
