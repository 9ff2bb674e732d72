import { EXACT_LOG } from '../passes/exact-log.js';
import { GPU_RANK_VIEWS } from '../passes/gpu-rank-views.js';
import { REAL_FLOAT32_CAST } from '../passes/real-float32-cast.js';
import { REVERSE_CUM_SUM } from '../passes/reverse-cum-sum.js';
import type { DeviceProfile } from './device-profile.js';

/** Each pass works around a tfjs-webgpu kernel found wrong by the browser smoke run (test/browser). */
export const WEBGPU_PROFILE: DeviceProfile = {
  name: 'webgpu',
  passes: [GPU_RANK_VIEWS, EXACT_LOG, REVERSE_CUM_SUM, REAL_FLOAT32_CAST],
  branching: false,
};
