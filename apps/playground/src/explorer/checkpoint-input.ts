import { embedding, evaluate, GraphBuilder, Tensor } from '@constant-attention/core';
import { createTokenizer, parseTokenizerSpec, recurrentPositionParallel } from '@constant-attention/model';
import type { LoadedCheckpoint } from '../model/load-checkpoint.js';
import type { QkInput } from './attention-matrix-of.js';

/** heinsen-lm's config fields this reads (model.config of the shipped checkpoint). */
interface HeinsenDims {
  readonly heads: number;
  readonly dKey: number;
  readonly dVal: number;
}

/**
 * Q and K of one head of heinsen-lm's first layer on a prompt, as the model computes them: embedding
 * plus the recurrent position embedding, LayerNorm, the layer's Linear to [Q | K | log V] per head
 * (heinsen-lm-layer.ts). Run in float64 on the reference interpreter. Only the first layer: deeper
 * layers' inputs need the layers before them, which the model does not expose one by one.
 */
export function checkpointInput(
  checkpoint: LoadedCheckpoint,
  prompt: string,
  head: number,
  causal: boolean,
): QkInput {
  const { config, params } = checkpoint;
  if (config.model.preset !== 'heinsen-lm')
    throw new Error(
      `Q and K come from heinsen-lm's first layer; this checkpoint is '${config.model.preset}'`,
    );
  const dims = config.model.config as unknown as HeinsenDims;
  if (!Number.isInteger(head) || head < 0 || head >= dims.heads)
    throw new Error(`head must be an integer in [0, ${dims.heads}), got ${head}`);
  const tokens = createTokenizer(parseTokenizerSpec(config.tokenizer)).encode(prompt);
  if (tokens.length < 2) throw new Error('the prompt needs at least 2 tokens (bytes)');
  const n = tokens.length;
  const b = new GraphBuilder();
  const param = (name: string) => b.input(name, 'float32', params[name]!.shape);
  const ids = b.input('tokens', 'int32', [1, n]);
  const x = recurrentPositionParallel(b, embedding(b, param('embed.weight'), ids), {
    weight: param('embed_pos.dense.weight'),
    bias: param('embed_pos.dense.bias'),
  }).out;
  const h = b.layerNorm(
    x,
    param('layers.0.feedforward1.0.weight'),
    param('layers.0.feedforward1.0.bias'),
    1e-5,
  );
  const w = param('layers.0.feedforward1.1.weight');
  const projected = b.add(b.matmul(h, b.transpose(w, [1, 0])), param('layers.0.feedforward1.1.bias'));
  const width = 2 * dims.dKey + dims.dVal;
  const perHead = b.transpose(b.reshape(projected, [1, n, dims.heads, width]), [0, 2, 1, 3]);
  const one = b.slice(perHead, [1], [head], [head + 1]);
  const graph = b.build({
    q: b.slice(one, [3], [0], [dims.dKey]),
    k: b.slice(one, [3], [dims.dKey], [2 * dims.dKey]),
  });
  const feeds: Record<string, Tensor> = { tokens: Tensor.int32(tokens, [1, n]) };
  for (const input of graph.inputs) if (input.name !== 'tokens') feeds[input.name] = params[input.name]!;
  const out = evaluate(graph, feeds);
  return {
    q: Tensor.float32(out.q!.data, [1, 1, n, dims.dKey]),
    k: Tensor.float32(out.k!.data, [1, 1, n, dims.dKey]),
    gate: Tensor.zeros([1, 1, n, 1]),
    causal,
  };
}
