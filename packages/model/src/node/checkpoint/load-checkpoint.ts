import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MalformedFileError, type Tensor } from '@constant-attention/core';
import { type CheckpointConfig, parseCheckpointConfig } from '../../checkpoint/checkpoint-config.js';
import { createLanguageModel } from '../../lm/model-spec.js';
import { readSafetensors } from '../../safetensors/read-safetensors.js';
import { safetensorsToFloat32 } from '../../safetensors/safetensors-to-float32.js';
import { CONFIG_FILE, MODEL_FILE, OPTIMIZER_FILE } from './checkpoint-files.js';
import type { CheckpointContents } from './save-checkpoint.js';

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function readTensors(path: string, step: number): Promise<Record<string, Tensor>> {
  const contents = readSafetensors(new Uint8Array(await readFile(path)), path);
  const saved = contents.metadata.step;
  if (saved !== undefined && saved !== String(step))
    throw new MalformedFileError(
      `${path}: holds step ${saved} but config.json says ${step} (a save was interrupted; the files do not belong together)`,
    );
  return safetensorsToFloat32(contents);
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
  const specs = createLanguageModel(config.model).paramSpecs();
  const expected = new Set(specs.map((s) => s.name));
  for (const spec of specs) {
    const t = params[spec.name];
    if (!t) throw new MalformedFileError(`${modelPath}: tensor '${spec.name}' is missing`);
    if (t.shape.length !== spec.shape.length || t.shape.some((d, i) => d !== spec.shape[i]))
      throw new MalformedFileError(
        `${modelPath}: tensor '${spec.name}' has shape [${t.shape.join(', ')}], the config needs [${spec.shape.join(', ')}]`,
      );
  }
  const extra = Object.keys(params).find((name) => !expected.has(name));
  if (extra) throw new MalformedFileError(`${modelPath}: tensor '${extra}' is not a parameter of this model`);
  if (!options.withOptimizer) return { config, params };
  const optimizerPath = join(dir, OPTIMIZER_FILE);
  if (!(await exists(optimizerPath)))
    throw new MalformedFileError(`${dir}: no ${OPTIMIZER_FILE}, so training cannot resume from it`);
  return { config, params, optimizerState: await readTensors(optimizerPath, config.step) };
}
