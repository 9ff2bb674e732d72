import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import '@constant-attention/backend-ort';
import { createBackend, Tensor } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { createLanguageModel, generateTokens, initParams, LmSession, type ModelSpec } from '../src/index.js';
import { exportDecoder } from '../src/node/export/export-decoder.js';
import { TINY_HEINSEN_LM, tinyGpt, untrainedCheckpointConfig } from './support/tiny-checkpoint.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/onnxruntime-node-generate.mjs', import.meta.url));
const hasPythonOnnx = spawnSync('/usr/bin/python3', ['-c', 'import onnx'], { stdio: 'ignore' }).status === 0;
// CI installs python3-onnx, so there the checker must run; elsewhere its absence is said in the name.
const checkerRuns = hasPythonOnnx || process.env.CI === 'true';

const specs: [string, ModelSpec][] = [
  ['heinsen-lm', TINY_HEINSEN_LM],
  ['gpt softmax (growing KV cache)', tinyGpt('softmax')],
];

describe('the exported decoder (pnpm export-model)', () => {
  it.each(specs)(
    '%s: plain onnxruntime-node generates the same greedy tokens as the library',
    async (_, spec) => {
      // Scaled up, an untrained model's greedy text varies, so equal tokens say something.
      const params = Object.fromEntries(
        Object.entries(initParams(createLanguageModel(spec).paramSpecs(), 21)).map(([n, t]) => [
          n,
          Tensor.float32(
            t.data.map((x) => 4 * x),
            t.shape,
          ),
        ]),
      );
      const { bytes, metadata } = exportDecoder(untrainedCheckpointConfig(spec), params);
      const file = join(mkdtempSync(join(tmpdir(), 'decoder-')), 'model.onnx');
      writeFileSync(file, bytes);
      expect(metadata.state.length).toBeGreaterThan(0);
      if (spec.preset === 'heinsen-lm')
        expect(metadata.state.some((s) => s.initial === '-Infinity')).toBe(true);

      const prompt = 'We the People';
      const out = execFileSync(process.execPath, [EXAMPLE, file, prompt, '24', '--json'], {
        encoding: 'utf8',
      });
      const fromExample = JSON.parse(out).tokens as number[];

      const backend = await createBackend({ backend: 'ort', device: 'cpu' });
      const session = await LmSession.create(backend, createLanguageModel(spec), params);
      const ours: number[] = [];
      for await (const { token } of generateTokens(session, [...new TextEncoder().encode(prompt)], {
        maxNewTokens: 24,
        temperature: 0,
      }))
        ours.push(token);
      await session.dispose();
      await backend.dispose();
      expect(new Set(ours).size).toBeGreaterThan(1);
      expect(fromExample).toEqual(ours);
    },
    60_000,
  );

  it.skipIf(!checkerRuns)(
    `passes the ONNX checker (full check)${checkerRuns ? '' : ' — SKIPPED: /usr/bin/python3 cannot import onnx'}`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'decoder-check-'));
      const paths = specs.map(([name, spec]) => {
        const path = join(dir, `${name.split(' ')[0]}.onnx`);
        writeFileSync(
          path,
          exportDecoder(
            untrainedCheckpointConfig(spec),
            initParams(createLanguageModel(spec).paramSpecs(), 1),
          ).bytes,
        );
        return path;
      });
      const check =
        'import sys, onnx\nfor p in sys.argv[1:]: onnx.checker.check_model(onnx.load(p), full_check=True)\nprint("ok")';
      expect(execFileSync('/usr/bin/python3', ['-c', check, ...paths], { encoding: 'utf8' }).trim()).toBe(
        'ok',
      );
    },
  );
});
