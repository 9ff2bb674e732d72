import fc from 'fast-check';
import {
  evaluate,
  GraphBuilder,
  type RetentionOptions,
  retentionAttention,
  type Tensor,
} from '../../src/index.js';
import { integerFields } from '../support/integer-fields.js';
import { mulberry32 } from '../support/mulberry32.js';
import { paperGammas } from './recurrence-oracle.js';

export interface RetentionCase {
  readonly batch: number;
  readonly heads: number;
  readonly n: number;
  readonly dk: number;
  readonly dv: number;
  readonly seed: number;
}

export const caseArb: fc.Arbitrary<RetentionCase> = fc.record(
  integerFields({ batch: [1, 2], heads: [1, 3], n: [1, 13], dk: [1, 4], dv: [1, 4], seed: [0, 2 ** 31 - 1] }),
);

/** The option sets every form is checked under, with the gammas and scale the oracle should use. */
export function optionSets(
  c: RetentionCase,
): { label: string; options: RetentionOptions; gammas: number[]; scale: number }[] {
  const rng = mulberry32(c.seed ^ 0x5bd1e995);
  // Down to 0.3, so that decay matters within 13 tokens; gamma = 1 is plain (unnormalized) linear attention.
  const own = Array.from({ length: c.heads }, (_, h) => (h === 0 ? 1 : 0.3 + 0.7 * rng()));
  return [
    { label: 'defaults', options: {}, gammas: paperGammas(c.heads), scale: 1 / Math.sqrt(c.dk) },
    { label: 'own gammas and scale', options: { gammas: own, scale: 0.7 }, gammas: own, scale: 0.7 },
    { label: 'one shared gamma', options: { gammas: [0.6] }, gammas: [0.6], scale: 1 / Math.sqrt(c.dk) },
  ];
}

/** The mechanism's naive.ts graph, run on the float64 interpreter. */
export function runNaive(
  inputs: { q: Tensor; k: Tensor; v: Tensor },
  options: RetentionOptions & { causal: boolean },
): Tensor {
  const b = new GraphBuilder();
  const [q, k, v] = (['q', 'k', 'v'] as const).map((name) => b.input(name, 'float32', inputs[name].shape));
  const out = retentionAttention.naive!(b, { q: q!, k: k!, v: v! }, options);
  return evaluate(b.build({ out }), { q: inputs.q, k: inputs.k, v: inputs.v }).out!;
}

/** The chunked form fed an initial state S as a graph input. */
export function chunkedFrom(
  inputs: { q: Tensor; k: Tensor; v: Tensor },
  S: Tensor,
  options: RetentionOptions & { chunkSize: number },
): { out: Tensor; S: Tensor } {
  const b = new GraphBuilder();
  const [q, k, v] = (['q', 'k', 'v'] as const).map((name) => b.input(name, 'float32', inputs[name].shape));
  const initial = b.input('S0', 'float32', S.shape);
  const result = retentionAttention.chunked(
    b,
    { q: q!, k: k!, v: v! },
    { ...options, initialState: { S: initial } },
  );
  const outputs = evaluate(b.build({ out: result.out, S: result.state.S! }), { ...inputs, S0: S });
  return { out: outputs.out!, S: outputs.S! };
}
