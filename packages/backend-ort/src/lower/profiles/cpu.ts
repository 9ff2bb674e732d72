import { FINITE_SHIFT_AS_MAX } from '../passes/finite-shift-as-max.js';
import { FLAT_ELEMENTWISE } from '../passes/flat-elementwise.js';
import { FUSED_ATTENTION } from '../passes/fused-attention.js';
import { GELU_CONTRIB } from '../passes/gelu-contrib.js';
import { GUARDED_FAST_PATH_AS_IF } from '../passes/guarded-fast-path-as-if.js';
import { LAST_AXIS_GATHER } from '../passes/last-axis-gather.js';
import { LAYER_NORM_NATIVE } from '../passes/layer-norm-native.js';
import { SLICE_AS_GATHER } from '../passes/slice-as-gather.js';
import { SOFTMAX_NATIVE } from '../passes/softmax-native.js';
import type { DeviceProfile } from './device-profile.js';

/**
 * onnxruntime-node's CPU EP (also used for cuda, which is not measured here). Every pass was timed on
 * ORT CPU; see each pass for its numbers.
 */
export const CPU_PROFILE: DeviceProfile = {
  name: 'cpu',
  passes: [
    GUARDED_FAST_PATH_AS_IF,
    FINITE_SHIFT_AS_MAX,
    FUSED_ATTENTION,
    LAYER_NORM_NATIVE,
    SOFTMAX_NATIVE,
    GELU_CONTRIB,
    FLAT_ELEMENTWISE,
    SLICE_AS_GATHER,
    LAST_AXIS_GATHER,
  ],
  outputCopy: 'identity',
};
