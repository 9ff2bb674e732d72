import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputValueError, type Tensor } from '@constant-attention/core';
import type { CheckpointConfig } from '../../checkpoint/checkpoint-config.js';
import { writeSafetensors } from '../../safetensors/write-safetensors.js';
import { removeStaleTempFiles } from '../remove-stale-temp-files.js';
import { writeFileAtomic } from '../write-file-atomic.js';
import { CONFIG_FILE, MODEL_FILE, OPTIMIZER_FILE } from './checkpoint-files.js';

export interface CheckpointContents {
  readonly config: CheckpointConfig;
  readonly params: Readonly<Record<string, Tensor>>;
  /** AdamW state, for resuming; a checkpoint without it can be evaluated and generated from, not resumed. */
  readonly optimizerState?: Readonly<Record<string, Tensor>>;
}

function checkFinite(kind: string, tensors: Readonly<Record<string, Tensor>>): void {
  for (const [name, t] of Object.entries(tensors)) {
    for (let i = 0; i < t.size; i++) {
      if (!Number.isFinite(t.data[i]))
        throw new InvalidInputValueError(
          `saveCheckpoint: ${kind} '${name}' holds ${t.data[i]} at index ${i}`,
        );
    }
  }
}

/**
 * Writes config.json, model.safetensors (the params, in the reference's names for heinsen-lm) and
 * optimizer.safetensors into `dir`. Each file is written atomically, the optimizer first and config.json
 * last, and each safetensors file records the step: a kill mid-save leaves files whose steps disagree,
 * which loadCheckpoint reports instead of resuming from a mix. Non-finite values are refused before
 * anything is written.
 */
export async function saveCheckpoint(dir: string, contents: CheckpointContents): Promise<void> {
  checkFinite('param', contents.params);
  if (contents.optimizerState) checkFinite('optimizer state', contents.optimizerState);
  await mkdir(dir, { recursive: true });
  const step = String(contents.config.step);
  const metadata = { step, preset: contents.config.model.preset };
  for (const file of [CONFIG_FILE, MODEL_FILE, OPTIMIZER_FILE]) await removeStaleTempFiles(join(dir, file));
  if (contents.optimizerState)
    await writeFileAtomic(join(dir, OPTIMIZER_FILE), writeSafetensors(contents.optimizerState, metadata));
  await writeFileAtomic(join(dir, MODEL_FILE), writeSafetensors(contents.params, metadata));
  await writeFileAtomic(join(dir, CONFIG_FILE), `${JSON.stringify(contents.config, null, 2)}\n`);
}
