import {
  type BackendConfig,
  type BackendRegistration,
  BackendUnavailableError,
} from '@constant-attention/core';
import { parseBackendOptions } from './backend-options.js';
import { OrtBackend } from './ort-backend.js';
import { probeExecutionProvider } from './probe-execution-provider.js';
import { loadWebRuntime } from './web-runtime.js';

/** Browser: wasm and webgpu on onnxruntime-web. cpu and cuda need onnxruntime-node. */
export async function createBrowserOrtBackend(config: BackendConfig): Promise<OrtBackend> {
  const options = parseBackendOptions(config.options);
  const device = config.device ?? 'wasm';
  switch (device) {
    case 'wasm':
      return new OrtBackend(device, await loadWebRuntime('wasm'), options);
    case 'webgpu': {
      const gpu = (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu;
      if (!gpu) {
        throw new BackendUnavailableError(
          "backend 'ort': device 'webgpu' needs navigator.gpu, which this browser does not expose",
        );
      }
      const runtime = await loadWebRuntime('webgpu');
      await probeExecutionProvider(runtime, device, 'webgpu');
      return new OrtBackend(device, runtime, options);
    }
    case 'cpu':
    case 'cuda':
      throw new BackendUnavailableError(
        `backend 'ort': device '${device}' needs onnxruntime-node; in a browser use 'wasm' or 'webgpu'`,
      );
    default:
      throw new BackendUnavailableError(`backend 'ort' has no device '${device}'`);
  }
}

export const BROWSER_REGISTRATION: BackendRegistration = {
  name: 'ort',
  devices: ['wasm', 'webgpu', 'cpu', 'cuda'],
  defaultDevice: 'wasm',
  create: createBrowserOrtBackend,
};
