import type { ConformanceEnv } from '../src/suite/all-envs.js';

/** URL prefix under which the harness serves tfjs-backend-wasm's .wasm files. */
export const TFJS_WASM_PREFIX = '/tfjs-wasm/';

export interface BrowserEnv extends ConformanceEnv {
  readonly runtime: 'browser';
  /** `options` for createBackend in the page. */
  readonly options?: Readonly<Record<string, unknown>>;
}

function env(backend: string, device: string, options?: Record<string, unknown>): BrowserEnv {
  return {
    label: `${backend}:${device}`,
    backend,
    device,
    runtime: 'browser',
    ...(options ? { options } : {}),
  };
}

/** Every backend:device run in headless Chromium. Each one is strict: a failure to start fails its test. */
export const BROWSER_ENVS: readonly BrowserEnv[] = [
  env('ort', 'wasm'),
  env('ort', 'webgpu'),
  env('tfjs', 'webgl'),
  env('tfjs', 'webgpu'),
  // tfjs would fetch its .wasm from a CDN without this; the harness serves them locally.
  env('tfjs', 'wasm', { wasmPaths: TFJS_WASM_PREFIX }),
];
