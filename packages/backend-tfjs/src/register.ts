import { BackendUnavailableError, registerBackend } from '@constant-attention/core';
import { isTfjsDevice, TFJS_DEVICES, type TfjsBackendOptions } from './devices/tfjs-device.js';
import { TfjsBackend } from './runtime/tfjs-backend.js';

/** `createBackend({ backend: 'tfjs', device: 'cpu' | 'wasm' | 'webgl' | 'webgpu', options })`. */
registerBackend({
  name: 'tfjs',
  devices: TFJS_DEVICES,
  defaultDevice: 'cpu',
  create: async (config) => {
    const device = config.device ?? 'cpu';
    if (!isTfjsDevice(device)) {
      throw new BackendUnavailableError(
        `tfjs has no device '${device}' (devices: ${TFJS_DEVICES.join(', ')})`,
      );
    }
    return TfjsBackend.create(device, (config.options ?? {}) as TfjsBackendOptions);
  },
});
