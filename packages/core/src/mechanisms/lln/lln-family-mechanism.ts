import type { FormOutput, Mechanism, MechanismCost } from '../mechanism.js';
import { checkLlnOptions, type LlnOptions } from './options.js';

/** What one member of the LLN family (lln, lln-diag) supplies; the wrapper adds the shared option checks. */
export interface LlnFamilyForms {
  readonly name: string;
  readonly cost: MechanismCost;
  readonly defaultEps: number;
  /** May return extra parts (denominator, scales, ...); only out and state leave the mechanism. */
  readonly parallelParts: (...args: Parameters<Mechanism<LlnOptions>['parallel']>) => FormOutput;
  readonly chunked: Mechanism<LlnOptions>['chunked'];
  readonly stateSpecs: Mechanism<LlnOptions>['stateSpecs'];
  readonly initialState: Mechanism<LlnOptions>['initialState'];
  readonly step: Mechanism<LlnOptions>['step'];
  readonly naive: NonNullable<Mechanism<LlnOptions>['naive']>;
  readonly attentionMatrix: NonNullable<Mechanism<LlnOptions>['attentionMatrix']>;
  readonly conformance: NonNullable<Mechanism<LlnOptions>['conformance']>;
}

/** Every graph-building form validates eps and frozen scales under the mechanism's own name first. */
export function llnFamilyMechanism(forms: LlnFamilyForms): Mechanism<LlnOptions> {
  const check = (options: LlnOptions) => checkLlnOptions(forms.name, options);
  return {
    name: forms.name,
    cost: forms.cost,
    defaultOptions: { eps: forms.defaultEps },
    continuesFromState: true,
    parallelContinuesFromState: true,
    conformance: forms.conformance,
    naive(b, inputs, options) {
      check(options);
      return forms.naive(b, inputs, options);
    },
    attentionMatrix(b, q, k, options) {
      check(options);
      return forms.attentionMatrix(b, q, k, options);
    },
    parallel(b, inputs, options) {
      check(options);
      const parts = forms.parallelParts(b, inputs, options);
      return parts.state ? { out: parts.out, state: parts.state } : { out: parts.out };
    },
    chunked(b, inputs, options) {
      check(options);
      return forms.chunked(b, inputs, options);
    },
    stateSpecs: (dims, options) => forms.stateSpecs(dims, options),
    initialState: (dims, options) => forms.initialState(dims, options),
    step(b, state, inputs, options) {
      check(options);
      return forms.step(b, state, inputs, options);
    },
  };
}
