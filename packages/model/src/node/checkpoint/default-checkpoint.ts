import { fileURLToPath } from 'node:url';

/** The checkpoints that ship in this package (packages/model/checkpoints), found from this file. */
export const SHIPPED_CHECKPOINTS = {
  'heinsen-lm': fileURLToPath(new URL('../../../checkpoints/heinsen-lm-sotu', import.meta.url)),
  'gpt-softmax': fileURLToPath(new URL('../../../checkpoints/gpt-softmax-sotu', import.meta.url)),
} as const;

/** The default of `pnpm eval` and `pnpm generate`: the shipped byte-level heinsen-lm. */
export const DEFAULT_CHECKPOINT = SHIPPED_CHECKPOINTS['heinsen-lm'];
