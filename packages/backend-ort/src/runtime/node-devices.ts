import {
  type BackendConfig,
  type BackendRegistration,
  BackendUnavailableError,
} from '@constant-attention/core';
import { parseBackendOptions } from './backend-options.js';
import { OrtBackend } from './ort-backend.js';
import type { OrtRuntime } from './ort-runtime.js';
import { probeExecutionProvider } from './probe-execution-provider.js';
import { loadWebRuntime } from './web-runtime.js';

async function loadNodeRuntime(): Promise<OrtRuntime> {
  return (await import('onnxruntime-node')) as unknown as OrtRuntime;
}

/** Node: cpu and cuda run on onnxruntime-node, wasm on onnxruntime-web; webgpu needs a browser. */
export async function createNodeOrtBackend(config: BackendConfig): Promise<OrtBackend> {
  const options = parseBackendOptions(config.options);
  const device = config.device ?? 'cpu';
  switch (device) {
    case 'cpu':
      return new OrtBackend(device, await loadNodeRuntime(), options);
    case 'cuda': {
      const runtime = await loadNodeRuntime();
      await probeExecutionProvider(runtime, device, 'cuda');
      return new OrtBackend(device, runtime, options);
    }
    case 'wasm':
      return new OrtBackend(device, await loadWebRuntime(), options);
    case 'webgpu':
      throw new BackendUnavailableError(
        "backend 'ort': device 'webgpu' runs only in a browser with WebGPU (onnxruntime-web); in Node use 'cpu', 'cuda' or 'wasm'",
      );
    default:
      throw new BackendUnavailableError(`backend 'ort' has no device '${device}'`);
  }
}

export const NODE_REGISTRATION: BackendRegistration = {
  name: 'ort',
  devices: ['cpu', 'cuda', 'wasm', 'webgpu'],
  defaultDevice: 'cpu',
  create: createNodeOrtBackend,
};
