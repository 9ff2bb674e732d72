// Importing the packages registers 'ort' (its browser entry: wasm, webgpu) and 'tfjs' with core.
import '@constant-attention/backend-ort';
import '@constant-attention/backend-tfjs';
import { type Backend, createBackend } from '@constant-attention/core';
import { type BrowserEnvRequest, type BrowserEnvResult, PAGE_API, type RunBrowserEnv } from '../protocol.js';
import { runGoldenInPage } from './run-golden-in-page.js';
import { runRandomInPage } from './run-random-in-page.js';

const runBrowserEnv: RunBrowserEnv = async (request: BrowserEnvRequest): Promise<BrowserEnvResult> => {
  const empty = { env: request.label, golden: [], random: [], goldenSeconds: 0, randomSeconds: 0 };
  let backend: Backend;
  try {
    backend = await createBackend({
      backend: request.backend,
      device: request.device,
      options: request.options,
    });
  } catch (err) {
    return { ...empty, creationError: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
  if (backend.name !== request.backend || backend.device !== request.device) {
    return { ...empty, creationError: `asked for ${request.label}, got ${backend.name}:${backend.device}` };
  }
  try {
    const t0 = performance.now();
    const golden = await runGoldenInPage(backend, request.label, request.goldenUrls);
    const t1 = performance.now();
    const random = await runRandomInPage(backend, request.label, request.random);
    const t2 = performance.now();
    return { ...empty, golden, random, goldenSeconds: (t1 - t0) / 1000, randomSeconds: (t2 - t1) / 1000 };
  } finally {
    await backend.dispose().catch(() => undefined);
  }
};

(globalThis as Record<string, unknown>)[PAGE_API] = runBrowserEnv;
