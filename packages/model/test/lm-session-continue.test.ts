import '@constant-attention/backend-ort';
import { type Backend, createBackend, type Graph } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { generateTokens, gptLm, initParams, LmSession, pastStateName, TOKENS } from '../src/index.js';

const softmax = gptLm({
  vocab: 256,
  seq: 16,
  dModel: 16,
  heads: 2,
  layers: 2,
  mechanism: 'softmax',
  initStd: 0.3,
});
const prompt = [...new TextEncoder().encode('The State of the Union')];

/** The backend, recording every graph it compiles, so a test can see which passes a session ran. */
function recording(backend: Backend): { backend: Backend; graphs: Graph[] } {
  const graphs: Graph[] = [];
  return {
    graphs,
    backend: new Proxy(backend, {
      get(target, key, receiver) {
        if (key !== 'compile') return Reflect.get(target, key, receiver);
        return (graph: Graph, options?: object) => {
          graphs.push(graph);
          return target.compile(graph, options as never);
        };
      },
    }),
  };
}

const continuesPrefill = (g: Graph) =>
  g.inputs.some((i) => i.name === TOKENS) && g.inputs.some((i) => i.name === pastStateName('0.key'));

const tokensShape = (g: Graph) => g.values[g.inputs.find((i) => i.name === TOKENS)!.value]!.shape;

async function greedy(backend: Backend, pieces: number[][], options: { maxPrefillTokens?: number } = {}) {
  const session = await LmSession.create(backend, softmax, initParams(softmax.paramSpecs(), 3), {
    chunkSize: 4,
    ...options,
  });
  for (const piece of pieces.slice(0, -1)) await session.feed(piece);
  const tokens: number[] = [];
  for await (const { token } of generateTokens(session, pieces.at(-1)!, { maxNewTokens: 8, temperature: 0 }))
    tokens.push(token);
  const position = session.position;
  await session.dispose();
  return { tokens, position };
}

describe.each(['reference', 'ort'])(
  'gpt softmax on %s cpu: a prompt in pieces prefills from the KV cache',
  (name) => {
    it('two pieces, or pieces of maxPrefillTokens, generate the greedy tokens of the prompt in one', async () => {
      const { backend, graphs } = recording(await createBackend({ backend: name, device: 'cpu' }));
      const whole = await greedy(backend, [prompt]);
      expect(graphs.filter(continuesPrefill)).toEqual([]);
      const two = await greedy(backend, [prompt.slice(0, 9), prompt.slice(9)]);
      expect(two).toEqual(whole);
      // The second piece went in as one chunked pass over its 13 tokens from the state, not as decode steps.
      const continued = graphs.filter(continuesPrefill);
      expect(continued.map(tokensShape)).toEqual([[1, prompt.length - 9]]);
      expect(await greedy(backend, [prompt], { maxPrefillTokens: 5 })).toEqual(whole);
      expect(graphs.filter(continuesPrefill).length).toBeGreaterThan(1);
      expect(whole.position).toBe(prompt.length + 8);
      await backend.dispose();
    });
  },
);
