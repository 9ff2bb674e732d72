import type { RewritePass } from '../rules/rule.js';

/**
 * The lowering choices of one tfjs backend. The rule table is the same everywhere; a profile adds named
 * rewrite passes, tried in order before the table, each a faster or a bug-avoiding form of some ops.
 */
export interface DeviceProfile {
  readonly name: string;
  readonly passes: readonly RewritePass[];
  /**
   * Whether GuardedFastPath is kept and branched on: the guard is read mid-run, free where tensors live
   * in host memory; on a GPU the read would stall the pipeline (and tfjs-webgpu's dataSync lost the
   * device in the browser conformance), so there it expands to its exact path.
   */
  readonly branching: boolean;
}
