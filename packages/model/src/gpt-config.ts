import { getMechanism, InvalidArgumentError } from '@constant-attention/core';

/**
 * How a GPT knows where a token is. 'recurrent' (the default) is Heinsen's log-linear position
 * recurrence, a [d] state that never caps the context; 'none' relies on causal attention alone;
 * 'learned' is GPT-2's absolute table of `seq` rows, which caps generation at `seq` tokens.
 */
export type GptPositions = 'recurrent' | 'none' | 'learned';
export const GPT_POSITIONS: readonly GptPositions[] = ['recurrent', 'none', 'learned'];

/** What every GPT config has, with or without attention. */
interface GptShape {
  readonly vocab: number;
  /** The training sequence length; with learned positions also the size of the position table. */
  readonly seq: number;
  /** Default 'recurrent'. */
  readonly positions?: GptPositions;
  readonly dModel: number;
  /** Attention heads; with `attention: false` it only has to divide dModel (no head exists). */
  readonly heads: number;
  readonly layers: number;
  /** MLP hidden width; default 4 dModel. */
  readonly ffnHidden?: number;
  /** Std of the normal init of weights and embeddings; default 0.02 (GPT-2). */
  readonly initStd?: number;
}

/** A GPT-style language model: token embedding, positions, pre-LN blocks, tied head. */
export interface GptAttentionConfig extends GptShape {
  /** Default true. */
  readonly attention?: true;
  /** Any registered mechanism name (core's `mechanismNames()`). */
  readonly mechanism: string;
  /** Merged over the mechanism's defaults (its `defaultOptions`), e.g. { eps: 1e-6 }. */
  readonly mechanismOptions?: Readonly<Record<string, unknown>>;
}

/**
 * The no-attention baseline (de Brebisson and Vincent's comparison): every block is LayerNorm + MLP
 * only, so a token sees earlier tokens through its positions alone. With the default recurrent
 * positions that is a [dModel] state, so it is a constant-state model that mixes tokens without
 * attention; with positions 'none' it is a bigram model. It is an option of the gpt preset, not a
 * registered mechanism: there is no attention to register, and every mechanism table stays honest.
 */
export interface GptNoAttentionConfig extends GptShape {
  readonly attention: false;
  readonly mechanism?: never;
  readonly mechanismOptions?: never;
}

export type GptConfig = GptAttentionConfig | GptNoAttentionConfig;

/** False only for the no-attention baseline. */
export function gptHasAttention(config: GptConfig): config is GptAttentionConfig {
  return config.attention !== false;
}

function positiveInteger(config: GptConfig, key: 'vocab' | 'seq' | 'dModel' | 'heads' | 'layers'): void {
  const value = config[key];
  if (!Number.isInteger(value) || value < 1)
    throw new InvalidArgumentError(`GptConfig: ${key} must be a positive integer, got ${String(value)}`);
}

/** Throws InvalidArgumentError naming the first bad field. */
export function checkGptConfig(config: GptConfig): void {
  if (typeof config !== 'object' || config === null)
    throw new InvalidArgumentError('GptConfig: not an object');
  for (const key of ['vocab', 'seq', 'dModel', 'heads', 'layers'] as const) positiveInteger(config, key);
  if (config.dModel % config.heads !== 0) {
    throw new InvalidArgumentError(
      `GptConfig: dModel ${config.dModel} is not divisible by heads ${config.heads}`,
    );
  }
  const attention: unknown = config.attention;
  if (attention !== undefined && typeof attention !== 'boolean')
    throw new InvalidArgumentError(
      `GptConfig: attention must be true or false (false: no attention sublayer), got ${JSON.stringify(attention)}`,
    );
  if (attention === false) {
    // A mechanism beside attention: false would be read as the model's attention; it is not used.
    for (const key of ['mechanism', 'mechanismOptions'] as const)
      if ((config as unknown as Record<string, unknown>)[key] !== undefined)
        throw new InvalidArgumentError(`GptConfig: ${key} must be absent when attention is false`);
  } else {
    if (typeof config.mechanism !== 'string')
      throw new InvalidArgumentError('GptConfig: mechanism must be a string');
    getMechanism(config.mechanism);
  }
  if (config.positions !== undefined && !GPT_POSITIONS.includes(config.positions))
    throw new InvalidArgumentError(
      `GptConfig: positions must be one of ${GPT_POSITIONS.join(', ')}, got ${JSON.stringify(config.positions)}${
        (config.positions as string) === 'rotary'
          ? ' (rotary needs sin/cos ops the graph IR does not have yet)'
          : ''
      }`,
    );
  const hidden = config.ffnHidden;
  if (hidden !== undefined && (!Number.isInteger(hidden) || hidden < 1))
    throw new InvalidArgumentError(`GptConfig: ffnHidden must be a positive integer, got ${String(hidden)}`);
  const std = config.initStd;
  if (std !== undefined && !(typeof std === 'number' && std > 0 && Number.isFinite(std)))
    throw new InvalidArgumentError(`GptConfig: initStd must be a finite number > 0, got ${String(std)}`);
}

export function ffnHidden(config: GptConfig): number {
  return config.ffnHidden ?? 4 * config.dModel;
}

export function gptPositions(config: GptConfig): GptPositions {
  return config.positions ?? 'recurrent';
}
