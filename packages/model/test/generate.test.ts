import '@constant-attention/backend-ort';
import { createBackend, evaluate, Tensor as T, type Tensor } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import {
  buildGptDecodeGraph,
  buildGptLogitsGraph,
  buildGptPrefillGraph,
  type GptConfig,
  generateGreedy,
  initGptParams,
} from '../src/index.js';

const mechanisms = ['softmax', 'heinsen', 'lln', 'lln-diag', 'linear', 'linear-elu'];

function configFor(mechanism: string): GptConfig {
  // The recurrent LLN forms need alpha/beta frozen to agree with a parallel run over the whole sequence.
  const frozen = mechanism.startsWith('lln')
    ? { mechanismOptions: { scales: { alpha: 1.1, beta: 0.9 } } }
    : {};
  return { vocab: 7, seq: 8, dModel: 8, heads: 2, layers: 2, mechanism, initStd: 0.4, ...frozen };
}

const sequence = [3, 1, 4, 1, 5, 2, 6, 0];
const promptLength = 3;

describe('prefill + decode steps equal the parallel model (float64 interpreter)', () => {
  it.each(mechanisms)('%s: logits at every position', (mechanism) => {
    const config = configFor(mechanism);
    const params = initGptParams(config, 11);
    const full = evaluate(buildGptLogitsGraph(config, 1), {
      ...params,
      tokens: T.int32(sequence, [1, config.seq]),
    }).logits!;
    const vocab = config.vocab;
    const expectRow = (actual: Tensor, rowInActual: number, position: number) => {
      for (let v = 0; v < vocab; v++) {
        expect(actual.data[rowInActual * vocab + v]).toBeCloseTo(full.data[position * vocab + v]!, 9);
      }
    };
    const prefill = evaluate(buildGptPrefillGraph(config, promptLength), {
      ...params,
      tokens: T.int32(sequence.slice(0, promptLength), [1, promptLength]),
    });
    for (let t = 0; t < promptLength; t++) expectRow(prefill.logits!, t, t);
    let state = Object.fromEntries(
      Object.entries(prefill)
        .filter(([n]) => n.startsWith('present.'))
        .map(([n, v]) => [`past.${n.slice('present.'.length)}`, v]),
    );
    expect(Object.keys(state).length).toBeGreaterThan(0);
    const decode = buildGptDecodeGraph(config);
    for (let t = promptLength; t < sequence.length; t++) {
      const out = evaluate(decode, {
        ...params,
        ...state,
        input_ids: T.int32([sequence[t]!], [1, 1]),
        position: T.int32([t], [1]),
      });
      expectRow(out.logits!, 0, t);
      state = Object.fromEntries(
        Object.entries(out)
          .filter(([n]) => n.startsWith('present.'))
          .map(([n, v]) => [`past.${n.slice('present.'.length)}`, v]),
      );
    }
  });
});

describe('generateGreedy on ort cpu', () => {
  it.each(['softmax', 'heinsen', 'linear-elu'])(
    '%s: equals greedy decoding by re-running the parallel model on the growing sequence',
    async (mechanism) => {
      const config = configFor(mechanism);
      const params = initGptParams(config, 4);
      const prompt = [2, 5, 1];
      const backend = await createBackend({ backend: 'ort', device: 'cpu' });
      const generated = await generateGreedy(backend, config, params, prompt, { maxNewTokens: 5 });
      await backend.dispose();
      const naive = [...prompt];
      while (naive.length < prompt.length + 5) {
        const n = naive.length;
        const logits = evaluate(buildGptLogitsGraph(config, 1, n), {
          ...params,
          tokens: T.int32(naive, [1, n]),
        }).logits!.data.slice((n - 1) * config.vocab, n * config.vocab);
        let best = 0;
        logits.forEach((x, v) => {
          if (x > logits[best]!) best = v;
        });
        naive.push(best);
      }
      expect(generated).toEqual(naive.slice(prompt.length));
    },
  );

  it('rejects prompts past the learned positions and out-of-vocabulary tokens', async () => {
    const config = configFor('softmax');
    const backend = await createBackend({ backend: 'ort', device: 'cpu' });
    const params = initGptParams(config, 1);
    await expect(generateGreedy(backend, config, params, [1, 2, 3], { maxNewTokens: 6 })).rejects.toThrow(
      /exceed the 8 learned positions/,
    );
    await expect(generateGreedy(backend, config, params, [1, 99], { maxNewTokens: 1 })).rejects.toThrow(
      /token 99/,
    );
    await backend.dispose();
  });
});
