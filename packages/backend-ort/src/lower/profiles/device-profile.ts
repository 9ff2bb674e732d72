import type { RewritePass } from '../rules/rule.js';

export type ProfileName = 'cpu' | 'wasm' | 'webgpu';

/**
 * The lowering choices of one kind of ONNX Runtime session. The rule table is the same everywhere and
 * exact on every execution provider; a profile only adds named rewrite passes, tried in order before
 * the table, each a faster or a bug-avoiding form of some ops on its device.
 */
export interface DeviceProfile {
  readonly name: ProfileName;
  readonly passes: readonly RewritePass[];
  /**
   * How a graph output that aliases an input, a constant or an earlier output is copied: 'identity',
   * or 'double-negation' where Identity would run off the device (see name-outputs.ts).
   */
  readonly outputCopy: 'identity' | 'double-negation';
}
