import { MalformedFileError, type Tensor } from '@constant-attention/core';
import { createLanguageModel } from '../lm/model-spec.js';
import { readSafetensors } from '../safetensors/read-safetensors.js';
import { safetensorsToFloat32 } from '../safetensors/safetensors-to-float32.js';
import { type CheckpointConfig, parseCheckpointConfig } from './checkpoint-config.js';

export interface CheckpointBytes {
  /** config.json's text. */
  readonly configText: string;
  /** model.safetensors' bytes. */
  readonly modelBytes: Uint8Array;
  /** Where they came from (a folder or URL), named in every error. */
  readonly source: string;
}

/**
 * Reads safetensors bytes saved at `step`. A file recording another step belongs to another save (an
 * interrupted one): MalformedFileError rather than a mix of two checkpoints.
 */
export function checkpointTensors(bytes: Uint8Array, step: number, source: string): Record<string, Tensor> {
  const contents = readSafetensors(bytes, source);
  const saved = contents.metadata.step;
  if (saved !== undefined && saved !== String(step))
    throw new MalformedFileError(
      `${source}: holds step ${saved} but config.json says ${step} (a save was interrupted; the files do not belong together)`,
    );
  return safetensorsToFloat32(contents);
}

/**
 * A checkpoint from its files' contents, with no file system: what a browser fetches. Checks it whole,
 * as the Node loader does: the config, and every parameter the model needs with its exact shape (no
 * extras). Every failure is a MalformedFileError naming the file and the tensor.
 */
export function checkpointFromBytes({ configText, modelBytes, source }: CheckpointBytes): {
  readonly config: CheckpointConfig;
  readonly params: Record<string, Tensor>;
} {
  const config = parseCheckpointConfig(configText, `${source}/config.json`);
  const modelSource = `${source}/model.safetensors`;
  const params = checkpointTensors(modelBytes, config.step, modelSource);
  checkParamsMatch(config, params, modelSource);
  return { config, params };
}

/** Every parameter of the config's model is present with its exact shape, and nothing else is. */
export function checkParamsMatch(
  config: CheckpointConfig,
  params: Readonly<Record<string, Tensor>>,
  source: string,
): void {
  const specs = createLanguageModel(config.model).paramSpecs();
  const expected = new Set(specs.map((s) => s.name));
  for (const spec of specs) {
    const t = params[spec.name];
    if (!t) throw new MalformedFileError(`${source}: tensor '${spec.name}' is missing`);
    if (t.shape.length !== spec.shape.length || t.shape.some((d, i) => d !== spec.shape[i]))
      throw new MalformedFileError(
        `${source}: tensor '${spec.name}' has shape [${t.shape.join(', ')}], the config needs [${spec.shape.join(', ')}]`,
      );
  }
  const extra = Object.keys(params).find((name) => !expected.has(name));
  if (extra) throw new MalformedFileError(`${source}: tensor '${extra}' is not a parameter of this model`);
}
