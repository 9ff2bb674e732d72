import { type CompositeOp, isCompositeOp } from '@constant-attention/core';
import type { ProfileName } from './profiles/device-profile.js';
import { resolveProfile } from './profiles/resolve-profile.js';
import { RuleSet } from './rule-set.js';

/**
 * The composites a lowering keeps as native ONNX (every other composite is expanded with core's
 * decompositions): those with a rule in the table or in a pass of the device's profile. `webgpu: true`
 * is the 'webgpu' profile and false the 'cpu' one, as in LowerOptions.
 */
export function nativeComposites(
  opset: number,
  device: boolean | ProfileName = false,
): (op: CompositeOp) => boolean {
  const name = device === true ? 'webgpu' : device === false ? 'cpu' : device;
  const rules = new RuleSet(opset, resolveProfile(name));
  return (op) => isCompositeOp(op) && rules.has(op);
}
