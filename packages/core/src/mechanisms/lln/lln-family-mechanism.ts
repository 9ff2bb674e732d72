import type { GraphBuilder } from '../../ir/builder.js';
import type { AttentionInputs, FormOutput, Mechanism, MechanismCost, StateValues } from '../mechanism.js';
import { type LlnScaleValues, resolveScales } from './moment-matching.js';
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
  /** The state before any token, as graph values, carrying these scales. */
  readonly emptyState: (b: GraphBuilder, inputs: AttentionInputs, scales: LlnScaleValues) => StateValues;
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
    // The one-pass chunked form measures alpha and beta on all its tokens (or takes the frozen ones), so
    // a grouped graph measures them once over the whole sequence and the first group continues from an
    // empty state carrying them; each later group reads them from the state before it.
    sequenceGroups: true,
    sequenceGroupStart(b, inputs, options) {
      check(options);
      return forms.emptyState(b, inputs, resolveScales(b, inputs.q, inputs.k, options.scales));
    },
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
