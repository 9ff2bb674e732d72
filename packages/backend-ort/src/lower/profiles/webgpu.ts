import { CONCAT_IN_GROUPS } from '../passes/concat-in-groups.js';
import { CUM_SUM_AS_SCAN } from '../passes/cum-sum-as-scan.js';
import { MAX_MIN_AS_WHERE } from '../passes/max-min-as-where.js';
import { WHERE_EXPANDED } from '../passes/where-expanded.js';
import type { DeviceProfile } from './device-profile.js';

/**
 * onnxruntime-web's WebGPU EP (JSEP, 1.30): passes around its bugs, each found by the browser
 * conformance. None of the CPU passes: FiniteShift and GuardedFastPath are expanded (no GPU Max or If
 * kernel), and the CPU timing rewrites would only add nodes to single shaders.
 */
export const WEBGPU_PROFILE: DeviceProfile = {
  name: 'webgpu',
  passes: [MAX_MIN_AS_WHERE, WHERE_EXPANDED, CUM_SUM_AS_SCAN, CONCAT_IN_GROUPS],
  outputCopy: 'double-negation',
};
