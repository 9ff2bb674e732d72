import { InvalidArgumentError } from '@constant-attention/core';

/** Which tokenizer a model was trained with; stored in a checkpoint's config.json. */
export type TokenizerSpec = { readonly name: 'byte' } | { readonly name: 'gpt2' };

export const TOKENIZER_NAMES: readonly TokenizerSpec['name'][] = ['byte', 'gpt2'];

/**
 * Validates a spec read from JSON. Unknown keys are rejected rather than dropped: the spec keys token
 * caches and checkpoints, so a misspelt option must not silently mean the default tokenizer.
 */
export function parseTokenizerSpec(value: unknown): TokenizerSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(
      `tokenizer spec must be an object like { "name": "byte" }, got ${show(value)}`,
    );
  }
  const keys = Object.keys(value);
  const extra = keys.filter((k) => k !== 'name');
  if (extra.length > 0) {
    throw new InvalidArgumentError(`tokenizer spec has unknown key(s) ${extra.map(show).join(', ')}`);
  }
  const name = (value as { name?: unknown }).name;
  if (!TOKENIZER_NAMES.includes(name as TokenizerSpec['name'])) {
    throw new InvalidArgumentError(
      `tokenizer spec name must be one of ${TOKENIZER_NAMES.map(show).join(', ')}, got ${show(name)}`,
    );
  }
  return { name: name as TokenizerSpec['name'] };
}

function show(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}
