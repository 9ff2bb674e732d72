import { CPU_PROFILE } from './cpu.js';
import type { DeviceProfile } from './device-profile.js';
import { WASM_PROFILE } from './wasm.js';
import { WEBGL_PROFILE } from './webgl.js';
import { WEBGPU_PROFILE } from './webgpu.js';

const PROFILES: Readonly<Record<string, DeviceProfile>> = {
  cpu: CPU_PROFILE,
  wasm: WASM_PROFILE,
  webgl: WEBGL_PROFILE,
  webgpu: WEBGPU_PROFILE,
};

/**
 * The profile of a tfjs backend by its name (tf.getBackend()). A backend this package does not drive
 * (a graph function called under, say, tfjs-node) gets the CPU profile: host memory, no GPU kernels.
 */
export function profileFor(backend: string): DeviceProfile {
  return PROFILES[backend] ?? CPU_PROFILE;
}
