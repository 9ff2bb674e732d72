import { CPU_PROFILE } from './cpu.js';
import type { DeviceProfile } from './device-profile.js';

/**
 * onnxruntime-web's wasm EP runs ORT's CPU kernels compiled to WebAssembly, so it takes the CPU passes:
 * the same loops, broadcast walk and single-threaded Slice.
 */
export const WASM_PROFILE: DeviceProfile = { ...CPU_PROFILE, name: 'wasm' };
