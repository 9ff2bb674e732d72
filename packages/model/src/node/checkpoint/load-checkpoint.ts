import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MalformedFileError, type Tensor } from '@constant-attention/core';
import { type CheckpointConfig, parseCheckpointConfig } from '../../checkpoint/checkpoint-config.js';
import { checkParamsMatch, checkpointTensors } from '../../checkpoint/checkpoint-from-bytes.js';
import { CONFIG_FILE, MODEL_FILE, OPTIMIZER_FILE } from './checkpoint-files.js';
import type { CheckpointContents } from './save-checkpoint.js';

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function readTensors(path: string, step: number): Promise<Record<string, Tensor>> {
  return checkpointTensors(new Uint8Array(await readFile(path)), step, path);
}

/**
 * Reads a checkpoint folder and checks it whole: the config, every parameter the model needs with its
 * exact shape (no extras), and the optimizer state's step. Every failure is a MalformedFileError that
 * names the file and the tensor.
 */
export async function loadCheckpoint(
  dir: string,
  options: { readonly withOptimizer?: boolean } = {},
): Promise<Required<Pick<CheckpointContents, 'config' | 'params'>> & CheckpointContents> {
  const configPath = join(dir, CONFIG_FILE);
  if (!(await exists(configPath)))
    throw new MalformedFileError(`${dir}: not a checkpoint (no ${CONFIG_FILE})`);
  const config: CheckpointConfig = parseCheckpointConfig(await readFile(configPath, 'utf8'), configPath);
  const modelPath = join(dir, MODEL_FILE);
  const params = await readTensors(modelPath, config.step);
  checkParamsMatch(config, params, modelPath);
  if (!options.withOptimizer) return { config, params };
  const optimizerPath = join(dir, OPTIMIZER_FILE);
  if (!(await exists(optimizerPath)))
    throw new MalformedFileError(`${dir}: no ${OPTIMIZER_FILE}, so training cannot resume from it`);
  return { config, params, optimizerState: await readTensors(optimizerPath, config.step) };
}
