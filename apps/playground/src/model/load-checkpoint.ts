import type { Tensor } from '@constant-attention/core';
import type { CheckpointConfig } from '@constant-attention/model';
import { assetUrl } from '../backends/start-backend.js';
import type { ShippedCheckpoint } from './shipped-checkpoints.js';

export interface LoadedCheckpoint {
  readonly config: CheckpointConfig;
  readonly params: Record<string, Tensor>;
}

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`fetching ${url} failed: HTTP ${response.status} ${response.statusText}`);
  return response;
}

async function load(checkpoint: ShippedCheckpoint): Promise<LoadedCheckpoint> {
  const base = assetUrl(checkpoint.folder);
  const [configText, modelBytes] = await Promise.all([
    fetchOk(`${base}config.json`).then((r) => r.text()),
    fetchOk(`${base}model.safetensors`).then(async (r) => new Uint8Array(await r.arrayBuffer())),
  ]);
  const { checkpointFromBytes } = await import('@constant-attention/model');
  return checkpointFromBytes({ configText, modelBytes, source: base.replace(/\/$/, '') });
}

const loaded = new Map<string, Promise<LoadedCheckpoint>>();

/** Fetches and checks a shipped checkpoint once per page; a failure is forgotten so it can be retried. */
export function loadShippedCheckpoint(checkpoint: ShippedCheckpoint): Promise<LoadedCheckpoint> {
  let pending = loaded.get(checkpoint.id);
  if (!pending) {
    pending = load(checkpoint);
    loaded.set(checkpoint.id, pending);
    pending.catch(() => loaded.delete(checkpoint.id));
  }
  return pending;
}
