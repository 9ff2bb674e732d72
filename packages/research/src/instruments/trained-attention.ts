import { evaluate, GraphBuilder, Tensor } from '@constant-attention/core';
import {
  createLanguageModel,
  declareLmParams,
  lmAttentionInputs,
  type ModelSpec,
} from '@constant-attention/model';

/** One head's inputs on one held-out window, [1, 1, n, d] (gate [1, 1, n, 1]), float32 as a model runs. */
export interface HeadInputs {
  readonly layer: number;
  readonly head: number;
  readonly window: number;
  readonly q: Tensor;
  readonly k: Tensor;
  readonly gate?: Tensor;
}

/** [W, H, n, d] -> head h of window w as [1, 1, n, d]. */
function slice(t: Tensor, window: number, head: number): Tensor {
  const [, heads, n, d] = t.shape as [number, number, number, number];
  const start = (window * heads + head) * n * d;
  return Tensor.float32(Float32Array.from(t.data.subarray(start, start + n * d) as ArrayLike<number>), [
    1,
    1,
    n,
    d,
  ]);
}

/**
 * Every layer's and head's q and k (and gate) of a trained gpt or heinsen-lm on `windows` [W][n]
 * held-out tokens: the model's full pass in core's float64 interpreter, read through lmAttentionInputs.
 */
export function trainedHeadInputs(
  model: ModelSpec,
  params: Readonly<Record<string, Tensor>>,
  windows: readonly (readonly number[])[],
): HeadInputs[] {
  const n = windows[0]!.length;
  const b = new GraphBuilder();
  const declared = declareLmParams(b, createLanguageModel(model));
  const tokens = b.input('tokens', 'int32', [windows.length, n]);
  const layers = lmAttentionInputs(b, model, declared, tokens);
  const outputs: Record<string, ReturnType<typeof b.input>> = {};
  layers.forEach((l, i) => {
    outputs[`q${i}`] = l.q;
    outputs[`k${i}`] = l.k;
    if (l.gate) outputs[`gate${i}`] = l.gate;
  });
  const out = evaluate(b.build(outputs), {
    ...params,
    tokens: Tensor.int32(windows.flat(), [windows.length, n]),
  });
  const heads: HeadInputs[] = [];
  for (let layer = 0; layer < layers.length; layer++)
    for (let head = 0; head < model.config.heads; head++)
      for (let window = 0; window < windows.length; window++) {
        const gate = out[`gate${layer}`];
        heads.push({
          layer,
          head,
          window,
          q: slice(out[`q${layer}`]!, window, head),
          k: slice(out[`k${layer}`]!, window, head),
          ...(gate ? { gate: slice(gate, window, head) } : {}),
        });
      }
  return heads;
}
