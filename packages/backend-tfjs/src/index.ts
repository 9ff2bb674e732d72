import './register.js';

export { activateDevice, devicesSettled, initializeDevice, useDevice } from './devices/activate-device.js';
export {
  isTfjsDevice,
  TFJS_DEVICES,
  type TfjsBackendOptions,
  type TfjsDevice,
} from './devices/tfjs-device.js';
export { registerTfjsGradients } from './gradients/register-gradients.js';
export { LoweredGraph } from './lower/lower-graph.js';
export { lowerToTfjsFunction, type TfjsGraphFunction } from './lower/lower-to-tfjs-function.js';
export { chooseMatMulStrategy, lowerMatMul, type MatMulStrategy } from './lower/matmul.js';
export { NATIVE_COMPOSITES } from './lower/native-composites.js';
export type { DeviceProfile } from './lower/profiles/device-profile.js';
export { profileFor } from './lower/profiles/profile-for.js';
export { MissingLoweringRuleError } from './lower/rules/missing-rule-error.js';
export { fromTfjs, toTfjs } from './runtime/host-tensors.js';
export { TfjsBackend } from './runtime/tfjs-backend.js';
export { TfjsDeviceTensor } from './runtime/tfjs-device-tensor.js';
export { TfjsExecutable } from './runtime/tfjs-executable.js';
