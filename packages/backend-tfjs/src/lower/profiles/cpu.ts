import { FLAT_SLICE } from '../passes/flat-slice.js';
import type { DeviceProfile } from './device-profile.js';

export const CPU_PROFILE: DeviceProfile = { name: 'cpu', passes: [FLAT_SLICE], branching: true };
