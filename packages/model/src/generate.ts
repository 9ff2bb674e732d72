import {
  type Backend,
  type DeviceTensor,
  type Graph,
  GraphBuilder,
  InvalidArgumentError,
  isDeviceTensor,
  multiHeadStateSpecs,
  Tensor,
  type TensorLike,
  tiedLogits,
  transformerBlockStep,
  type Value,
} from '@constant-attention/core';
import { checkGptConfig, type GptConfig } from './gpt-config.js';
import { blockParams, declareGptParams, gptBlocks, TOKENS } from './gpt-graph.js';
import { gptParamSpecs } from './gpt-params.js';

/** Decode-step input names, as transformers.js / onnxruntime-genai use them. */
export const INPUT_IDS = 'input_ids';
export const POSITION = 'position';

export function pastName(layer: number, state: string): string {
  return `past.${layer}.${state}`;
}

export function presentName(layer: number, state: string): string {
  return `present.${layer}.${state}`;
}

/**
 * Prefill: params + tokens [1, promptLength] -> logits [1, promptLength, vocab] and every layer's
 * attention state after the prompt (`present.<layer>.<state>`), from the causal parallel form.
 */
export function buildGptPrefillGraph(config: GptConfig, promptLength: number): Graph {
  checkGptConfig(config);
  const b = new GraphBuilder();
  const params = declareGptParams(b, config);
  const tokens = b.input(TOKENS, 'int32', [1, promptLength]);
  const { logits, states } = gptBlocks(b, config, params, tokens);
  const outputs: Record<string, Value> = { logits };
  states.forEach((state, layer) => {
    for (const [name, value] of Object.entries(state)) outputs[presentName(layer, name)] = value;
  });
  return b.build(outputs);
}

/** One token: params + input_ids [1, 1] + position [1] + past states -> logits [1, 1, vocab] + present states. */
export function buildGptDecodeGraph(config: GptConfig): Graph {
  checkGptConfig(config);
  const b = new GraphBuilder();
  const params = declareGptParams(b, config);
  const ids = b.input(INPUT_IDS, 'int32', [1, 1]);
  const position = b.input(POSITION, 'int32', [1]);
  const attention = {
    mechanism: config.mechanism,
    heads: config.heads,
    ...(config.mechanismOptions ? { mechanismOptions: config.mechanismOptions } : {}),
  };
  const positionRow = b.reshape(b.gather(params.pos_emb!, position, 0), [1, 1, config.dModel]);
  let x = b.add(b.gather(params.tok_emb!, ids, 0), positionRow);
  const outputs: Record<string, Value> = {};
  for (let layer = 0; layer < config.layers; layer++) {
    const block = blockParams(params, layer);
    const specs = multiHeadStateSpecs(block.attention, attention, 1);
    const past = Object.fromEntries(
      specs.map((s) => [s.name, b.input(pastName(layer, s.name), s.dtype, s.shape)]),
    );
    const step = transformerBlockStep(b, x, block, past, attention);
    x = step.out;
    for (const [name, value] of Object.entries(step.state)) outputs[presentName(layer, name)] = value;
  }
  const normed = b.layerNorm(x, params['ln_f.gamma']!, params['ln_f.beta']!, 1e-5);
  return b.build({ logits: tiedLogits(b, normed, params.tok_emb!), ...outputs });
}

export interface GenerateOptions {
  readonly maxNewTokens: number;
}

function argmaxLast(logits: Tensor): number {
  const vocab = logits.shape[logits.shape.length - 1]!;
  const offset = logits.size - vocab;
  let best = 0;
  for (let v = 1; v < vocab; v++) if (logits.data[offset + v]! > logits.data[offset + best]!) best = v;
  return best;
}

/**
 * Greedy decoding: the prompt runs once through the parallel form (prefill), then each new token is
 * one decode step that reads and writes the mechanism's recurrent state, kept resident on the backend.
 * Learned positions cap prompt + new tokens at config.seq.
 */
export async function generateGreedy(
  backend: Backend,
  config: GptConfig,
  params: Readonly<Record<string, Tensor>>,
  prompt: readonly number[],
  options: GenerateOptions,
): Promise<number[]> {
  const { maxNewTokens } = options;
  if (prompt.length < 1) throw new InvalidArgumentError('generateGreedy: the prompt is empty');
  if (!Number.isInteger(maxNewTokens) || maxNewTokens < 0)
    throw new InvalidArgumentError(
      `generateGreedy: maxNewTokens must be an integer >= 0, got ${maxNewTokens}`,
    );
  if (prompt.length + maxNewTokens > config.seq) {
    throw new InvalidArgumentError(
      `generateGreedy: ${prompt.length} prompt + ${maxNewTokens} new tokens exceed the ${config.seq} learned positions`,
    );
  }
  const bad = prompt.find((t) => !Number.isInteger(t) || t < 0 || t >= config.vocab);
  if (bad !== undefined)
    throw new InvalidArgumentError(`generateGreedy: token ${bad} is not in [0, ${config.vocab})`);
  const names = gptParamSpecs(config).map((s) => s.name);
  const resident: Record<string, DeviceTensor> = {};
  const prefill = await backend.compile(buildGptPrefillGraph(config, prompt.length), { name: 'prefill' });
  const decode = await backend.compile(buildGptDecodeGraph(config), { name: 'decode' });
  let state: Record<string, TensorLike> = {};
  try {
    for (const name of names) resident[name] = await backend.upload(params[name]!);
    const stateNames = prefill.graph.outputs.map((o) => o.name).filter((n) => n.startsWith('present.'));
    const first = await prefill.run(
      { ...resident, [TOKENS]: Tensor.int32(prompt, [1, prompt.length]) },
      { keepOnDevice: stateNames },
    );
    for (const name of stateNames) state[name.slice('present.'.length)] = first[name]!;
    const generated: number[] = [];
    let next = argmaxLast(first.logits as Tensor);
    for (let i = 0; i < maxNewTokens; i++) {
      generated.push(next);
      if (i === maxNewTokens - 1) break;
      const feeds: Record<string, TensorLike> = {
        ...resident,
        [INPUT_IDS]: Tensor.int32([next], [1, 1]),
        [POSITION]: Tensor.int32([prompt.length + i], [1]),
      };
      for (const [name, value] of Object.entries(state)) feeds[`past.${name}`] = value;
      const out = await decode.run(feeds, { keepOnDevice: stateNames });
      disposeAll(state);
      state = Object.fromEntries(stateNames.map((n) => [n.slice('present.'.length), out[n]!]));
      next = argmaxLast(out.logits as Tensor);
    }
    return generated;
  } finally {
    disposeAll(state);
    disposeAll(resident);
    await prefill.dispose();
    await decode.dispose();
  }
}

function disposeAll(tensors: Record<string, TensorLike>): void {
  for (const t of Object.values(tensors)) if (isDeviceTensor(t)) t.dispose();
}
