import { DTypeError, FeedError, type Graph, isDType, validateFeeds } from '@constant-attention/core';
import * as tf from '@tensorflow/tfjs-core';

import { TfjsDeviceTensor } from '../runtime/tfjs-device-tensor.js';
import { LoweredGraph } from './lower-graph.js';
import { profileFor } from './profiles/profile-for.js';

/** A graph as a plain tfjs function: usable inside tf.tidy, tf.grad, tf.grads and tf.valueAndGrads. */
export interface TfjsGraphFunction {
  (inputs: readonly tf.Tensor[]): tf.Tensor[];
  /** Input names, in the order the function takes them. */
  readonly inputNames: readonly string[];
  /** Output names, in the order the function returns them. */
  readonly outputNames: readonly string[];
}

/**
 * Lowers `graph` to a function of tfjs tensors on whatever tfjs backend is active when it is called.
 * Constants are created on each call, so the enclosing tidy / gradient scope owns every tensor made.
 * Inputs are checked like any feed (names, dtypes, ranks, symbolic dims) before any op runs.
 */
export function lowerToTfjsFunction(graph: Graph): TfjsGraphFunction {
  // Lowered per kind of backend active at the call: host backends branch on guards, GPU ones do not.
  const lowerings = new Map<boolean, LoweredGraph>();
  const loweredFor = (branching: boolean) => {
    let lowered = lowerings.get(branching);
    if (!lowered) {
      lowered = new LoweredGraph(graph, branching);
      lowerings.set(branching, lowered);
    }
    return lowered;
  };
  const inputNames = graph.inputs.map((i) => i.name);
  const fn = (inputs: readonly tf.Tensor[]): tf.Tensor[] => {
    if (inputs.length !== inputNames.length) {
      throw new FeedError(
        inputs.length < inputNames.length ? 'MISSING_FEED' : 'UNKNOWN_FEED',
        `expected ${inputNames.length} input tensor(s) (${inputNames.join(', ')}), got ${inputs.length}`,
      );
    }
    const feeds: Record<string, TfjsDeviceTensor> = {};
    inputs.forEach((t, i) => {
      if (!isDType(t.dtype))
        throw new DTypeError(`input '${inputNames[i]}' has unsupported tfjs dtype ${t.dtype}`);
      // A non-owning view, so the shared validation sees shapes and dtypes; it is never disposed here.
      feeds[inputNames[i]!] = new TfjsDeviceTensor(t, t.dtype);
    });
    validateFeeds(graph, feeds);
    return loweredFor(profileFor(tf.getBackend()).branching).execute(inputs, undefined, true);
  };
  return Object.assign(fn, { inputNames, outputNames: graph.outputs.map((o) => o.name) });
}
