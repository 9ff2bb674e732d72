import { parseArgs } from 'node:util';
import { baselineMechanism, getMechanism, InvalidArgumentError } from '@constant-attention/core';
import type { ModelSpec } from '../../lm/model-spec.js';
import { createTokenizer } from '../../tokenizer/create-tokenizer.js';
import { parseTokenizerSpec } from '../../tokenizer/tokenizer-spec.js';
import type { TrainSettings } from '../train/train-settings.js';
import { numberFlag } from './run-cli.js';

/**
 * The gpt preset trains the registry's baseline (the exact attention the others are compared with)
 * unless --mechanism names another; an unknown name fails listing the registered ones.
 */
function gptMechanism(name: string | undefined): string {
  if (name !== undefined) return getMechanism(name).name;
  const baseline = baselineMechanism();
  if (!baseline)
    throw new InvalidArgumentError('--mechanism is required: no baseline mechanism is registered');
  return baseline.name;
}

export const TRAIN_USAGE = `usage: pnpm train --out DIR [options]     (or: pnpm train --resume DIR [--steps N])

model:     --preset heinsen-lm|gpt (heinsen-lm)  --d-model N (256)  --layers N (4)  --heads N (8)
           heinsen-lm: --d-key N --d-val N (d-model / heads)
           gpt: --mechanism NAME (${baselineMechanism()?.name ?? 'required'})  --positions recurrent|none|learned (recurrent)
                --no-attention (blocks of LayerNorm + MLP only: the no-attention baseline)
data:      --tokenizer byte|gpt2 (byte)  --batch N (8)  --seq N (256)  --chunk N (64)
schedule:  --steps N | --tokens N (steps = tokens / (batch * seq))  --lr X (2e-3)  --min-lr X (lr / 10)
           --warmup N (steps / 50)  --weight-decay X (0.1)  --clip X (1)  --seed N (0)
runtime:   --backend NAME (ort)  --device NAME (cpu)  --threads N (the runtime's default)
output:    --eval-every N (steps / 10)  --eval-tokens N (65536)  --save-every N (eval-every)
Ctrl-C saves a checkpoint before it exits; --resume continues it exactly.`;

const OPTIONS = {
  out: { type: 'string' },
  resume: { type: 'string' },
  preset: { type: 'string' },
  mechanism: { type: 'string' },
  'no-attention': { type: 'boolean' },
  positions: { type: 'string' },
  'd-model': { type: 'string' },
  layers: { type: 'string' },
  heads: { type: 'string' },
  'd-key': { type: 'string' },
  'd-val': { type: 'string' },
  tokenizer: { type: 'string' },
  batch: { type: 'string' },
  seq: { type: 'string' },
  chunk: { type: 'string' },
  steps: { type: 'string' },
  tokens: { type: 'string' },
  lr: { type: 'string' },
  'min-lr': { type: 'string' },
  warmup: { type: 'string' },
  'weight-decay': { type: 'string' },
  clip: { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  device: { type: 'string' },
  threads: { type: 'string' },
  'eval-every': { type: 'string' },
  'eval-tokens': { type: 'string' },
  'save-every': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type TrainCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'train'; readonly out: string; readonly settings: TrainSettings }
  | { readonly kind: 'resume'; readonly out: string; readonly steps?: number };

/** Turns argv into settings with every default filled in; bad flags are InvalidArgumentErrors that name them. */
export function parseTrainArgs(argv: readonly string[]): TrainCommand {
  const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true });
  if (values.help) return { kind: 'help' };
  if (positionals.length > 0) throw new InvalidArgumentError(`unexpected argument '${positionals[0]}'`);
  const num = (name: string, fallback: number) =>
    numberFlag((values as Record<string, unknown>)[name], name) ?? fallback;
  if (values.resume !== undefined) {
    const others = Object.keys(values).filter((k) => k !== 'resume' && k !== 'steps');
    if (others.length > 0)
      throw new InvalidArgumentError(`--resume takes its settings from the checkpoint; drop --${others[0]}`);
    return { kind: 'resume', out: values.resume, ...(values.steps ? { steps: num('steps', 0) } : {}) };
  }
  if (values.out === undefined) throw new InvalidArgumentError('--out DIR is required (or --resume DIR)');
  const tokenizer = parseTokenizerSpec({ name: values.tokenizer ?? 'byte' });
  const vocab = createTokenizer(tokenizer).vocabSize;
  const preset = values.preset ?? 'heinsen-lm';
  const dModel = num('d-model', 256);
  const layers = num('layers', 4);
  const heads = num('heads', 8);
  let model: ModelSpec;
  if (preset === 'heinsen-lm') {
    for (const flag of ['mechanism', 'positions', 'no-attention'] as const)
      if (values[flag] !== undefined) throw new InvalidArgumentError(`--${flag} is for --preset gpt`);
    const head = Math.floor(dModel / heads);
    model = {
      preset,
      config: { vocab, dEmb: dModel, layers, heads, dKey: num('d-key', head), dVal: num('d-val', head) },
    };
  } else if (preset === 'gpt') {
    for (const flag of ['d-key', 'd-val'] as const)
      if (values[flag] !== undefined) throw new InvalidArgumentError(`--${flag} is for --preset heinsen-lm`);
    const positions = (values.positions ?? 'recurrent') as 'recurrent';
    if (values['no-attention'] && values.mechanism !== undefined)
      throw new InvalidArgumentError('--no-attention has no mechanism; drop --mechanism');
    const shape = { vocab, seq: num('seq', 256), dModel, heads, layers, positions };
    model = {
      preset,
      config: values['no-attention']
        ? { ...shape, attention: false }
        : { ...shape, mechanism: gptMechanism(values.mechanism) },
    };
  } else throw new InvalidArgumentError(`--preset must be heinsen-lm or gpt, got '${preset}'`);
  const batch = num('batch', 8);
  const seq = num('seq', 256);
  if (values.steps !== undefined && values.tokens !== undefined)
    throw new InvalidArgumentError('give --steps or --tokens, not both');
  const steps =
    values.tokens !== undefined ? Math.ceil(num('tokens', 0) / (batch * seq)) : num('steps', 1000);
  const lr = num('lr', 2e-3);
  const evalEvery = num('eval-every', Math.max(1, Math.floor(steps / 10)));
  const settings: TrainSettings = {
    model,
    tokenizer,
    backend: {
      backend: values.backend ?? 'ort',
      device: values.device ?? 'cpu',
      ...(values.threads !== undefined ? { options: { threads: num('threads', 0) } } : {}),
    },
    steps,
    batch,
    seq,
    chunkSize: Math.min(num('chunk', 64), seq),
    lr,
    minLr: num('min-lr', lr / 10),
    warmup: num('warmup', Math.floor(steps / 50)),
    weightDecay: num('weight-decay', 0.1),
    clip: num('clip', 1),
    seed: num('seed', 0),
    evalEvery,
    evalTokens: num('eval-tokens', 65536),
    saveEvery: num('save-every', evalEvery || steps),
  };
  return { kind: 'train', out: values.out, settings };
}
