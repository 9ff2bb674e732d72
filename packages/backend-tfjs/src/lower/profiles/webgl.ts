import { EXACT_LOG } from '../passes/exact-log.js';
import { EXACT_MAX } from '../passes/exact-max.js';
import { GPU_RANK_VIEWS } from '../passes/gpu-rank-views.js';
import type { DeviceProfile } from './device-profile.js';

/** Each pass works around a tfjs-webgl kernel found wrong by the browser smoke run (test/browser). */
export const WEBGL_PROFILE: DeviceProfile = {
  name: 'webgl',
  passes: [GPU_RANK_VIEWS, EXACT_LOG, EXACT_MAX],
  branching: false,
};
