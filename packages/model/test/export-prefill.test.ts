import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrtBackend } from '@constant-attention/backend-ort';
import { createBackend, type Executable, Tensor } from '@constant-attention/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLanguageModel, initParams, type ModelSpec } from '../src/index.js';
import { buildLmPrefillGraph, buildLmStepGraph } from '../src/lm/lm-graphs.js';
import {
  type DecoderMetadata,
  exportDecoder,
  exportPrefill,
  PREFILL_CHUNK,
} from '../src/node/export/export-decoder.js';
import { TINY_HEINSEN_LM, tinyGpt, untrainedCheckpointConfig } from './support/tiny-checkpoint.js';

/**
 * The exported prefill model (one graph over any number of tokens, from a state) against the exported
 * decoder fed the same tokens one at a time: the logits at every prompt position and the state after
 * the last one agree, for a fresh text and for text continued after an earlier prefill.
 */
const specs: [string, ModelSpec][] = [
  ['heinsen-lm', TINY_HEINSEN_LM],
  ['gpt softmax', tinyGpt('softmax')],
  ['gpt lln', tinyGpt('lln')],
];
// One token, a part chunk, and past one chunk of PREFILL_CHUNK; then 5 more after the longest.
const LENGTHS = [1, 7, PREFILL_CHUNK + 6];

const hasPythonOnnx = spawnSync('/usr/bin/python3', ['-c', 'import onnx'], { stdio: 'ignore' }).status === 0;
const checkerRuns = hasPythonOnnx || process.env.CI === 'true';

/** Every state at its value before any token, from the metadata (a 'past' dim starts at 0). */
function initialState(metadata: DecoderMetadata): Record<string, Tensor> {
  return Object.fromEntries(
    metadata.state.map((s) => {
      const shape = s.shape.map((d) => (typeof d === 'number' ? d : 0));
      const size = shape.reduce((a, b) => a * b, 1);
      return [s.input, Tensor.float32(new Float32Array(size).fill(Number(s.initial)), shape)];
    }),
  );
}

const tokensOf = (n: number, seed: number) => Array.from({ length: n }, (_, i) => (seed * 31 + i * 17) % 256);

/** The present_state outputs as the next call's past_state feeds. */
function nextState(outputs: Record<string, Tensor>): Record<string, Tensor> {
  return Object.fromEntries(
    Object.entries(outputs)
      .filter(([name]) => name.startsWith('present_state.'))
      .map(([name, t]) => [`past_state.${name.slice('present_state.'.length)}`, t]),
  );
}

function expectClose(got: Tensor, want: Tensor, label: string): void {
  expect(got.shape, label).toEqual(want.shape);
  let scale = 1;
  for (const x of want.data) if (Number.isFinite(x)) scale = Math.max(scale, Math.abs(x));
  for (let i = 0; i < want.size; i++) {
    const [a, e] = [got.data[i]!, want.data[i]!];
    if (!Number.isFinite(e)) expect(a, `${label}[${i}]`).toBe(e);
    else expect(Math.abs(a - e) / scale, `${label}[${i}]`).toBeLessThan(2e-4);
  }
}

describe('the exported prefill model (pnpm export-model --prefill)', () => {
  let backend: OrtBackend;
  beforeAll(async () => {
    backend = (await createBackend({ backend: 'ort', device: 'cpu' })) as OrtBackend;
  });
  afterAll(async () => {
    await backend?.dispose();
  });

  it.each(specs)(
    '%s: prefill logits and state equal the decoder fed token by token, fresh and continued',
    async (_, spec) => {
      const model = createLanguageModel(spec);
      const params = initParams(model.paramSpecs(), 5);
      const config = untrainedCheckpointConfig(spec);
      const decoder = exportDecoder(config, params);
      const prefill = exportPrefill(config, params);
      expect(prefill.metadata.state).toEqual(decoder.metadata.state);
      const step: Executable = await backend.loadModel(decoder.bytes, buildLmStepGraph(model, 1, params));
      const graph = buildLmPrefillGraph(
        model,
        { batch: 1, seq: 'seq', chunkSize: PREFILL_CHUNK },
        { fromState: true, embedded: params },
      );
      const prefiller = await backend.loadModel(prefill.bytes, graph);
      try {
        /** Decoder logits at every token, and its final state, from `state`. */
        const stepThrough = async (tokens: number[], state: Record<string, Tensor>) => {
          const logits: number[] = [];
          let s = state;
          for (const token of tokens) {
            const out = await step.run({ input_ids: Tensor.int32([token], [1, 1]), ...s });
            logits.push(...out.logits!.data);
            s = nextState(out);
          }
          return { logits: Tensor.float64(logits, [1, tokens.length, 256]), state: s };
        };
        const fresh = initialState(decoder.metadata);
        for (const n of LENGTHS) {
          const tokens = tokensOf(n, n);
          const got = await prefiller.run({ tokens: Tensor.int32(tokens, [1, n]), ...fresh });
          const want = await stepThrough(tokens, fresh);
          expectClose(got.logits!, want.logits, `${spec.preset} n=${n} logits`);
          for (const [name, t] of Object.entries(want.state))
            expectClose(nextState(got)[name]!, t, `${spec.preset} n=${n} ${name}`);
        }
        // Continued: 5 tokens after the longest prompt, from the prefill's own state.
        const first = tokensOf(LENGTHS.at(-1)!, 3);
        const earlier = await prefiller.run({ tokens: Tensor.int32(first, [1, first.length]), ...fresh });
        const more = tokensOf(5, 9);
        const got = await prefiller.run({ tokens: Tensor.int32(more, [1, 5]), ...nextState(earlier) });
        const want = await stepThrough(more, (await stepThrough(first, fresh)).state);
        expectClose(got.logits!, want.logits, `${spec.preset} continued logits`);
      } finally {
        await step.dispose();
        await prefiller.dispose();
      }
    },
    120_000,
  );

  it.skipIf(!checkerRuns)(
    `passes the ONNX checker (full check), with a symbolic token count${checkerRuns ? '' : ' — SKIPPED: /usr/bin/python3 cannot import onnx'}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'prefill-check-'));
      const paths = specs.map(([name, spec]) => {
        const path = join(dir, `${name.replace(' ', '-')}.onnx`);
        const params = initParams(createLanguageModel(spec).paramSpecs(), 1);
        writeFileSync(path, exportPrefill(untrainedCheckpointConfig(spec), params).bytes);
        return path;
      });
      const check = `import sys, onnx
for p in sys.argv[1:]:
    m = onnx.load(p)
    onnx.checker.check_model(m, full_check=True)
    t = next(i for i in m.graph.input if i.name == 'tokens')
    assert t.type.tensor_type.shape.dim[1].dim_param == 'seq', p
print("ok")`;
      expect(execFileSync('/usr/bin/python3', ['-c', check, ...paths], { encoding: 'utf8' }).trim()).toBe(
        'ok',
      );
    },
  );
});
