import type { Backend } from '@constant-attention/core';
import ortJsepWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import type { BackendChoice } from './backend-choices.js';

/** An asset the app serves next to index.html (vite.config.ts copies it there). */
export function assetUrl(path: string): string {
  return new URL(path, document.baseURI).href;
}

/** Wasm threads need cross-origin isolation (the COOP/COEP headers); without it, one thread. */
function wasmThreads(): number {
  return globalThis.crossOriginIsolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) : 1;
}

/**
 * Each backend's code (and its runtime) is imported only when it is first picked, so the first load
 * carries neither. ORT's wasm device loads onnxruntime-web/wasm (no WebGPU kernels); WebGPU the JSEP build.
 */
async function start(choice: BackendChoice): Promise<Backend> {
  const { createBackend } = await import('@constant-attention/core');
  if (choice.backend === 'ort') {
    await import('@constant-attention/backend-ort');
    const ort =
      choice.device === 'wasm' ? await import('onnxruntime-web/wasm') : await import('onnxruntime-web');
    // The same hashed files Vite emits for ORT's own `new URL(..., import.meta.url)`, named explicitly.
    ort.env.wasm.wasmPaths = { wasm: choice.device === 'wasm' ? ortWasmUrl : ortJsepWasmUrl };
    ort.env.wasm.numThreads = wasmThreads();
    return createBackend({ backend: 'ort', device: choice.device });
  }
  await import('@constant-attention/backend-tfjs');
  if (choice.device === 'wasm') {
    // tfjs-backend-wasm's threaded build hands its module factory's source text to its workers; once
    // bundled and minified that text names variables the worker lacks ("e is not defined") and the
    // backend never starts. Single-threaded wasm (XNNPACK) works.
    // The flag exists once the wasm backend's module has loaded (the same module backend-tfjs imports).
    await import('@tensorflow/tfjs-backend-wasm');
    const tf = await import('@tensorflow/tfjs-core');
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  const options = choice.device === 'wasm' ? { wasmPaths: assetUrl('tfjs-wasm/') } : undefined;
  return createBackend({ backend: 'tfjs', device: choice.device, ...(options ? { options } : {}) });
}

const started = new Map<string, Promise<Backend>>();

/** One backend per choice for the page's lifetime; a failed start is forgotten so it can be retried. */
export function startBackend(choice: BackendChoice): Promise<Backend> {
  let pending = started.get(choice.id);
  if (!pending) {
    pending = start(choice);
    started.set(choice.id, pending);
    pending.catch(() => started.delete(choice.id));
  }
  return pending;
}
