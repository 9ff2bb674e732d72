import { evaluate, getMechanism, mechanismNames, Tensor } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import {
  buildLmPrefillGraph,
  buildLmStepGraph,
  type GptConfig,
  type GptPositions,
  gptLm,
  heinsenLm,
  initParams,
  type LanguageModel,
  pastStateName,
  presentStateName,
} from '../src/index.js';

const sequence = [3, 1, 4, 1, 5, 2, 6, 0, 2, 5, 3];

function gpt(mechanism: string, positions: GptPositions): LanguageModel {
  // A recurrent form may need options to agree with a parallel run over the whole sequence (LLN's frozen
  // alpha and beta): the unit's own streaming options.
  const streaming = getMechanism(mechanism).conformance?.streaming;
  const frozen = streaming ? { mechanismOptions: streaming } : {};
  const config: GptConfig = {
    vocab: 7,
    seq: 16,
    dModel: 8,
    heads: 2,
    layers: 2,
    mechanism,
    initStd: 0.4,
    positions,
    ...frozen,
  };
  return gptLm(config);
}

const models: [string, LanguageModel][] = [
  ['heinsen-lm', heinsenLm({ vocab: 7, dEmb: 8, layers: 2, heads: 2, dKey: 3, dVal: 4 })],
  ...mechanismNames()
    .filter((m) => !getMechanism(m).usesGate)
    .map((m) => [`gpt ${m}`, gpt(m, 'recurrent')] as [string, LanguageModel]),
  ['gpt softmax, learned positions', gpt('softmax', 'learned')],
  ['gpt heinsen, no positions', gpt('heinsen', 'none')],
  [
    'gpt, no attention',
    gptLm({ vocab: 7, seq: 16, dModel: 8, heads: 2, layers: 2, initStd: 0.4, attention: false }),
  ],
];

function logitsOf(
  model: LanguageModel,
  params: Record<string, Tensor>,
  tokens: number[],
  chunkSize?: number,
) {
  const graph = buildLmPrefillGraph(model, {
    batch: 1,
    seq: tokens.length,
    ...(chunkSize ? { chunkSize } : {}),
  });
  return evaluate(graph, { ...params, tokens: Tensor.int32(tokens, [1, tokens.length]) });
}

const presentToPast = (out: Record<string, Tensor>) =>
  Object.fromEntries(
    Object.entries(out)
      .filter(([n]) => n.startsWith('present_state.'))
      .map(([n, v]) => [pastStateName(n.slice('present_state.'.length)), v]),
  );

describe('a prefill then decode steps give the full pass (float64 interpreter)', () => {
  it.each(models)('%s: logits at every position, and the state after the prompt', (_, model) => {
    const params = initParams(model.paramSpecs(), 11);
    const vocab = model.vocab;
    const full = logitsOf(model, params, sequence).logits!;
    const chunked = logitsOf(model, params, sequence, 4).logits!;
    for (let i = 0; i < full.size; i++) expect(chunked.data[i]).toBeCloseTo(full.data[i]!, 10);
    const prompt = 4;
    const prefill = logitsOf(model, params, sequence.slice(0, prompt));
    for (let i = 0; i < prompt * vocab; i++) expect(prefill.logits!.data[i]).toBeCloseTo(full.data[i]!, 10);
    const specs = model.stateSpecs(1);
    expect(
      Object.keys(prefill)
        .filter((n) => n.startsWith('present_state.'))
        .sort(),
    ).toEqual(specs.map((s) => presentStateName(s.name)).sort());
    let state = presentToPast(prefill);
    const step = buildLmStepGraph(model, 1);
    for (let t = prompt; t < sequence.length; t++) {
      const out = evaluate(step, { ...params, ...state, input_ids: Tensor.int32([sequence[t]!], [1, 1]) });
      for (let v = 0; v < vocab; v++) expect(out.logits!.data[v]).toBeCloseTo(full.data[t * vocab + v]!, 9);
      state = presentToPast(out);
    }
  });

  const continuing = [
    ...models.filter(([, m]) => m.continuesFromState),
    ['gpt linear, learned positions', gpt('linear', 'learned')] as [string, LanguageModel],
  ];

  it('every model continues from a state: heinsen-lm, and gpt over every mechanism', () => {
    expect(models.filter(([, m]) => !m.continuesFromState).map(([name]) => name)).toEqual([]);
  });

  it.each(continuing)(
    '%s: a prompt after earlier text goes in through the chunked pass from a state',
    (_, model) => {
      const params = initParams(model.paramSpecs(), 5);
      const full = logitsOf(model, params, sequence).logits!;
      const first = logitsOf(model, params, sequence.slice(0, 5), 2);
      const rest = sequence.slice(5);
      const graph = buildLmPrefillGraph(
        model,
        { batch: 1, seq: rest.length, chunkSize: 4 },
        { fromState: true },
      );
      const second = evaluate(graph, {
        ...params,
        ...presentToPast(first),
        tokens: Tensor.int32(rest, [1, rest.length]),
      });
      const offset = 5 * model.vocab;
      for (let i = 0; i < second.logits!.size; i++)
        expect(second.logits!.data[i]).toBeCloseTo(full.data[offset + i]!, 10);
    },
  );

  it('heinsen-lm decodes from the empty state: -inf log sums and a zero position', () => {
    const model = models[0]![1];
    const params = initParams(model.paramSpecs(), 2);
    const full = logitsOf(model, params, sequence.slice(0, 3)).logits!;
    let state: Record<string, Tensor> = Object.fromEntries(
      model.stateSpecs(1).map((s) => [pastStateName(s.name), Tensor.full(s.shape as number[], s.initial)]),
    );
    const step = buildLmStepGraph(model, 1);
    for (let t = 0; t < 3; t++) {
      const out = evaluate(step, { ...params, ...state, input_ids: Tensor.int32([sequence[t]!], [1, 1]) });
      for (let v = 0; v < model.vocab; v++)
        expect(out.logits!.data[v]).toBeCloseTo(full.data[t * model.vocab + v]!, 10);
      state = presentToPast(out);
    }
  });
});
