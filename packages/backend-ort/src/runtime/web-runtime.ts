import type { OrtRuntime } from './ort-runtime.js';

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/**
 * onnxruntime-web. In Node its package exports resolve to the Node build, which reads the .wasm
 * file from its own dist folder in node_modules (never the network). Node gets one wasm thread:
 * the threaded build would need worker_threads plumbing for no gain on this workload.
 */
export async function loadWebRuntime(): Promise<OrtRuntime> {
  const ort = await import('onnxruntime-web');
  if (isNode) ort.env.wasm.numThreads = 1;
  return ort as unknown as OrtRuntime;
}
