import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnyMechanism,
  evaluate,
  GraphBuilder,
  getMechanism,
  InvalidArgumentError,
  ReferenceBackend,
  runParallel,
  type Tensor,
} from '../../src/index.js';
import { eluPlusOne, identity, naiveKernelAttention, randomTensor } from '../linear/fixtures.js';
import { expectAllClose } from '../lln/fixtures.js';
import { naiveBlockSoftmax, naiveLln, naiveScales } from '../lln/naive.js';
import { naiveSoftmaxAttention } from '../softmax/naive-softmax.js';
import { integerFields } from '../support/integer-fields.js';
import { mulberry32 } from '../support/mulberry32.js';

interface Inputs {
  readonly q: Tensor;
  readonly k: Tensor;
  readonly v: Tensor;
  readonly gate: Tensor;
}

/** Each mechanism's plain-loop float64 formula (test/ oracles written from the papers, no src/ code). */
const LOOP_ORACLES: Record<
  string,
  (x: Inputs, causal: boolean, options: Record<string, unknown>) => ArrayLike<number>
> = {
  softmax: ({ q, k, v }, causal) => naiveSoftmaxAttention(q, k, v, { causal }),
  linear: ({ q, k, v }, causal, o) =>
    naiveKernelAttention(q, k, v, {
      causal,
      feature: identity,
      normalizer: o.variant === 'normalized' ? 'count' : 'none',
    }).out,
  'linear-gated': ({ q, k, v, gate }, causal, o) =>
    naiveKernelAttention(q, k, v, {
      causal,
      feature: identity,
      normalizer: o.variant === 'normalized' ? 'count' : 'none',
      gate,
    }).out,
  'linear-elu': ({ q, k, v }, causal) =>
    naiveKernelAttention(q, k, v, { causal, feature: eluPlusOne, normalizer: { eps: 1e-6 } }).out,
  lln: ({ q, k, v }, causal) => llnLoops(q, k, v, causal, 1e-8),
  'lln-diag': ({ q, k, v }, causal) => {
    const [b, h, n, d] = q.shape as [number, number, number, number];
    const dv = v.shape[3]!;
    const block = naiveBlockSoftmax(q.data, k.data, v.data, { b, h, n, d }, dv, causal);
    return llnLoops(q, k, v, causal, 1e-5).map((x, i) => 0.5 * (x + block[i]!));
  },
};

function llnLoops(q: Tensor, k: Tensor, v: Tensor, causal: boolean, eps: number): Float64Array {
  const [b, h, n, d] = q.shape as [number, number, number, number];
  const scales = naiveScales(q.data, k.data);
  return naiveLln(q.data, k.data, v.data, { b, h, n, d }, n, v.shape[3]!, { causal, eps, ...scales });
}

function naiveOut(mechanism: AnyMechanism, x: Inputs, options: Record<string, unknown>): Float64Array {
  const b = new GraphBuilder();
  const declare = (name: string, t: Tensor) => b.input(name, 'float32', t.shape);
  const inputs = {
    q: declare('q', x.q),
    k: declare('k', x.k),
    v: declare('v', x.v),
    gate: declare('gate', x.gate),
  };
  const out = mechanism.naive!(b, inputs, { ...mechanism.defaultOptions, ...options } as never);
  const feeds = { q: x.q, k: x.k, v: x.v, gate: x.gate };
  return Float64Array.from(evaluate(b.build({ out }), feeds).out!.data);
}

const caseArb = fc.record({
  ...integerFields({
    batch: [1, 2],
    heads: [1, 2],
    n: [1, 7],
    dk: [1, 3],
    dv: [1, 3],
    seed: [0, 2 ** 31 - 1],
  }),
  causal: fc.boolean(),
});

function randomInputs(c: {
  batch: number;
  heads: number;
  n: number;
  dk: number;
  dv: number;
  seed: number;
}): Inputs {
  const rng = mulberry32(c.seed);
  return {
    q: randomTensor(rng, [c.batch, c.heads, c.n, c.dk], 1.5),
    k: randomTensor(rng, [c.batch, c.heads, c.n, c.dk], 1.5),
    v: randomTensor(rng, [c.batch, c.heads, c.n, c.dv]),
    gate: randomTensor(rng, [c.batch, c.heads, c.n, 1], 3),
  };
}

const reference = new ReferenceBackend();
const VARIANTS: Record<string, readonly Record<string, unknown>[]> = {
  linear: [{ variant: 'plain' }, { variant: 'normalized' }],
  'linear-gated': [{ variant: 'plain' }, { variant: 'normalized' }],
};

describe('naive.ts: each quadratic definition', () => {
  for (const name of Object.keys(LOOP_ORACLES)) {
    const mechanism = getMechanism(name);
    for (const options of VARIANTS[name] ?? [{}]) {
      const label = `${name} ${JSON.stringify(options)}`;
      it(`${label} equals the plain-loop float64 formula and the parallel form, causal and not`, async () => {
        await fc.assert(
          fc.asyncProperty(caseArb, async (c) => {
            const x = randomInputs(c);
            const naive = naiveOut(mechanism, x, { ...options, causal: c.causal });
            expectAllClose(naive, LOOP_ORACLES[name]!(x, c.causal, options), 1e-12, `${label} vs loops`);
            const feeds = mechanism.usesGate ? x : { q: x.q, k: x.k, v: x.v };
            const parallel = await runParallel(reference, mechanism, feeds, { ...options, causal: c.causal });
            expectAllClose(naive, parallel.out.data, 1e-10, `${label} vs parallel`);
          }),
          { numRuns: 12 },
        );
      });
    }
  }

  it('validates options like the forms do, naming the mechanism', () => {
    const x = randomInputs({ batch: 1, heads: 1, n: 2, dk: 2, dv: 2, seed: 3 });
    expect(() => naiveOut(getMechanism('lln'), x, { causal: true, eps: -1 })).toThrow(InvalidArgumentError);
    expect(() => naiveOut(getMechanism('linear-elu'), x, { causal: true, eps: Number.NaN })).toThrow(
      /linear-elu/,
    );
    expect(() => naiveOut(getMechanism('linear'), x, { causal: false, variant: 'gated' })).toThrow(
      /linear-gated/,
    );
  });
});
