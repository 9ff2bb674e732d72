import { InvalidArgumentError } from '../../errors.js';
import type { GraphBuilder, Value } from '../../ir/builder.js';
import { Tensor } from '../../tensor/tensor.js';
import { parallelInitialState } from '../initial-state.js';
import type { AttentionInputs, Mechanism, MechanismCost } from '../mechanism.js';
import { kernelChunked } from './kernel-chunked.js';
import { kernelParallel } from './kernel-parallel.js';
import { type FeatureInputs, kernelStateSpecs } from './kernel-state.js';
import { kernelStep } from './kernel-step.js';
import type { Normalizer } from './normalizer.js';

/** What distinguishes one kernelized attention from another; the three forms are shared. */
export interface KernelMechanismSpec<Options extends object> {
  readonly name: string;
  readonly cost: MechanismCost;
  readonly defaultOptions: Options;
  /** Gate logits g_j scale token j's contribution f(k_j) v_j^T by sigmoid(g_j). */
  readonly usesGate: boolean;
  /** Applied to q and k elementwise; undefined means the identity. */
  readonly featureMap?: (b: GraphBuilder, x: Value) => Value;
  /** Reads (and validates) the options. */
  readonly normalizer: (options: Options) => Normalizer;
  /** The quadratic definition (naive.ts), called after the options are validated. */
  readonly naive?: Mechanism<Options>['naive'];
  readonly peers?: Mechanism<Options>['peers'];
}

function featureInputs(
  b: GraphBuilder,
  spec: KernelMechanismSpec<object>,
  { q, k, v, gate }: AttentionInputs,
): FeatureInputs {
  const map = spec.featureMap ?? ((_: GraphBuilder, x: Value) => x);
  if (!spec.usesGate) return { fq: map(b, q), fk: map(b, k), v };
  if (!gate)
    throw new InvalidArgumentError(`${spec.name}: the 'gate' input [batch, heads, seq, 1] is required`);
  return { fq: map(b, q), fk: map(b, k), v: b.mul(v, b.sigmoid(gate)) };
}

/** Builds a Mechanism from a feature map, a normalizer and an optional gate. */
export function kernelMechanism<Options extends object>(
  spec: KernelMechanismSpec<Options>,
): Mechanism<Options> {
  const general = spec as unknown as KernelMechanismSpec<object>;
  return {
    name: spec.name,
    cost: spec.cost,
    defaultOptions: spec.defaultOptions,
    usesGate: spec.usesGate,
    continuesFromState: true,
    sequenceGroups: true,
    parallelContinuesFromState: true,
    ...(spec.peers ? { peers: spec.peers } : {}),
    ...(spec.naive
      ? {
          naive(b: GraphBuilder, inputs: AttentionInputs, options: Options & { readonly causal: boolean }) {
            spec.normalizer(options);
            return spec.naive!(b, inputs, options);
          },
        }
      : {}),
    parallel(b, inputs, options) {
      return kernelParallel(
        b,
        spec.name,
        featureInputs(b, general, inputs),
        spec.normalizer(options),
        options.causal,
        parallelInitialState(spec.name, options),
      );
    },
    chunked(b, inputs, options) {
      const normalizer = spec.normalizer(options);
      return kernelChunked(
        b,
        spec.name,
        featureInputs(b, general, inputs),
        normalizer,
        options.chunkSize,
        options.initialState,
      );
    },
    stateSpecs(dims, options) {
      return kernelStateSpecs(dims, spec.normalizer(options));
    },
    initialState(dims, options) {
      const state: Record<string, Tensor> = {};
      for (const s of kernelStateSpecs(dims, spec.normalizer(options))) {
        state[s.name] = Tensor.zeros(s.shape as number[]);
      }
      return state;
    },
    step(b, state, inputs, options) {
      return kernelStep(b, state, featureInputs(b, general, inputs), spec.normalizer(options));
    },
  };
}
