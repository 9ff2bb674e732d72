import type { Backend, Graph, Tensor } from '@constant-attention/core';
import { TOKENS } from '@constant-attention/model';
import { LOGIT_ROWS } from './row-task-graphs.js';
import type { RowTaskBatch } from './train-row-task.js';

/**
 * Held-out accuracy (argmax == target) and mean cross-entropy at the scored positions, computed on the
 * host in float64 from the logits, so the score does not depend on the loss graph it trains with.
 * Non-finite logits count as wrong and give an infinite loss.
 */
export async function scoreRows(
  backend: Backend,
  logitsGraph: Graph,
  params: Readonly<Record<string, Tensor>>,
  batches: readonly RowTaskBatch[],
): Promise<{ accuracy: number; heldOutLoss: number }> {
  const executable = await backend.compile(logitsGraph, { name: 'row-task-logits' });
  let correct = 0;
  let total = 0;
  let nats = 0;
  try {
    for (const batch of batches) {
      const { logits } = await executable.run({
        ...params,
        [TOKENS]: batch.tokens,
        [LOGIT_ROWS]: batch.rows,
      });
      const vocab = logits!.shape[2]!;
      const data = logits!.data;
      for (let i = 0; i < batch.targets.size; i++) {
        let best = 0;
        let max = Number.NEGATIVE_INFINITY;
        for (let v = 0; v < vocab; v++) {
          const x = Number(data[i * vocab + v]);
          if (x > max) {
            max = x;
            best = v;
          }
        }
        let sum = 0;
        for (let v = 0; v < vocab; v++) sum += Math.exp(Number(data[i * vocab + v]) - max);
        const target = Number(batch.targets.data[i]);
        const nll = max + Math.log(sum) - Number(data[i * vocab + target]);
        nats += Number.isFinite(nll) ? nll : Number.POSITIVE_INFINITY;
        if (Number.isFinite(max) && best === target) correct++;
        total++;
      }
    }
  } finally {
    await executable.dispose();
  }
  return { accuracy: correct / total, heldOutLoss: nats / total };
}
