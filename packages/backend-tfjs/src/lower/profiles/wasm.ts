import { FLAT_SLICE } from '../passes/flat-slice.js';
import { WASM_MATMUL } from '../passes/wasm-matmul.js';
import type { DeviceProfile } from './device-profile.js';

export const WASM_PROFILE: DeviceProfile = {
  name: 'wasm',
  passes: [FLAT_SLICE, WASM_MATMUL],
  branching: true,
};
