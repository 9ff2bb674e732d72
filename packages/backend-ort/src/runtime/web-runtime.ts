import type { OrtRuntime } from './ort-runtime.js';

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/** Which onnxruntime-web build a browser page needs: 'webgpu' is the JSEP one, 'wasm' the CPU-only one. */
export type WebRuntimeFlavour = 'wasm' | 'webgpu';

/**
 * onnxruntime-web. In Node its package exports resolve to the Node build, which reads the .wasm
 * file from its own dist folder in node_modules (never the network). Node gets one wasm thread:
 * the threaded build would need worker_threads plumbing for no gain on this workload.
 * In a browser the wasm device loads `onnxruntime-web/wasm`, whose .wasm has no WebGPU (JSEP) kernels:
 * 14 MB to fetch instead of 28, and a bundler splits it from the WebGPU build, loaded only when picked.
 */
export async function loadWebRuntime(flavour: WebRuntimeFlavour = 'webgpu'): Promise<OrtRuntime> {
  if (isNode) {
    const ort = await import('onnxruntime-web');
    ort.env.wasm.numThreads = 1;
    return ort as unknown as OrtRuntime;
  }
  const ort = flavour === 'wasm' ? await import('onnxruntime-web/wasm') : await import('onnxruntime-web');
  return ort as unknown as OrtRuntime;
}
