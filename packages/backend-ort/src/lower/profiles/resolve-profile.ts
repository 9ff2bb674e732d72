import { InvalidArgumentError } from '@constant-attention/core';
import { CUM_SUM_AS_SCAN } from '../passes/cum-sum-as-scan.js';
import { FUSED_ATTENTION } from '../passes/fused-attention.js';
import { CPU_PROFILE } from './cpu.js';
import type { DeviceProfile, ProfileName } from './device-profile.js';
import { WASM_PROFILE } from './wasm.js';
import { WEBGPU_PROFILE } from './webgpu.js';

export const PROFILES: Readonly<Record<ProfileName, DeviceProfile>> = {
  cpu: CPU_PROFILE,
  wasm: WASM_PROFILE,
  webgpu: WEBGPU_PROFILE,
};

/** 'native' (ONNX CumSum) or 'scan' (log-depth Pad/Slice/Add); overrides the profile's choice. */
export type CumSumLowering = 'native' | 'scan';

/**
 * The profile a lowering runs with, the cum-sum-as-scan pass added or removed on request, and the
 * fused-attention pass removed when `fusedAttention` is false (the generic softmax graph everywhere).
 */
export function resolveProfile(
  name: ProfileName,
  cumSum?: CumSumLowering,
  fusedAttention = true,
): DeviceProfile {
  const found = PROFILES[name];
  if (!found) {
    throw new InvalidArgumentError(
      `backend-ort: device profile must be one of ${Object.keys(PROFILES).join(', ')}, got '${String(name)}'`,
    );
  }
  if (typeof fusedAttention !== 'boolean')
    throw new InvalidArgumentError(
      `backend-ort: fusedAttention must be a boolean, got ${String(fusedAttention)}`,
    );
  const profile = fusedAttention
    ? found
    : { ...found, passes: found.passes.filter((p) => p !== FUSED_ATTENTION) };
  if (cumSum === undefined) return profile;
  if (cumSum !== 'native' && cumSum !== 'scan')
    throw new InvalidArgumentError(`backend-ort: cumSum must be 'native' or 'scan', got '${String(cumSum)}'`);
  const others = profile.passes.filter((p) => p !== CUM_SUM_AS_SCAN);
  return { ...profile, passes: cumSum === 'scan' ? [CUM_SUM_AS_SCAN, ...others] : others };
}
