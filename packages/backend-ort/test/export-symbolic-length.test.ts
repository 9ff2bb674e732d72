import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate, type Graph, getMechanism, mechanismNames, type Tensor } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { buildExportGraph } from '../src/cli/export-command.js';
import { exportOnnx, type OrtBackend } from '../src/index.js';
import { ortBackend } from './support/backends.js';
import { expectClose } from './support/compare.js';
import { randomFloat, seededRandom } from './support/random.js';

/**
 * Every form of every registered mechanism, exported as `pnpm onnx-export` does with the sequence
 * length (and batch) left symbolic: the bytes pass the full ONNX checker with q's length a dim_param,
 * and one loaded model gives the float64 interpreter's results at several lengths.
 */
const [BATCH, HEADS, DK, DV, PAST] = [2, 2, 4, 3, 5];
// One token, a part chunk of 4, whole chunks, several chunks with a part one.
const LENGTHS = [1, 3, 8, 13];
const SHAPE_ARGS = ['--heads', String(HEADS), '--dk', String(DK), '--dv', String(DV), '--out', 'x'];
const rand = seededRandom(20);

interface ExportCase {
  readonly mechanism: string;
  readonly form: string;
  readonly args: readonly string[];
  readonly fromState: boolean;
}

function casesOf(name: string): ExportCase[] {
  const m = getMechanism(name);
  const cases: ExportCase[] = [
    { mechanism: name, form: 'parallel', args: ['--form', 'parallel'], fromState: false },
    { mechanism: name, form: 'causal parallel', args: ['--form', 'parallel', '--causal'], fromState: false },
    { mechanism: name, form: 'chunked', args: ['--form', 'chunked', '--chunk', '4'], fromState: false },
    { mechanism: name, form: 'recurrent', args: ['--form', 'recurrent'], fromState: true },
  ];
  if (m.parallelContinuesFromState)
    cases.push({
      mechanism: name,
      form: 'causal parallel from state',
      args: ['--form', 'parallel', '--causal', '--from-state'],
      fromState: true,
    });
  if (m.continuesFromState)
    cases.push({
      mechanism: name,
      form: 'chunked from state',
      args: ['--form', 'chunked', '--chunk', '4', '--from-state'],
      fromState: true,
    });
  return cases;
}

const CASES = mechanismNames().flatMap(casesOf);
const graphOf = (c: ExportCase): Graph => buildExportGraph([c.mechanism, ...c.args, ...SHAPE_ARGS]).graph;

function attentionFeeds(graph: Graph, n: number): Record<string, Tensor> {
  const feeds: Record<string, Tensor> = {};
  for (const name of ['q', 'k', 'v', 'gate']) {
    if (!graph.inputs.some((i) => i.name === name)) continue;
    const width = name === 'v' ? DV : name === 'gate' ? 1 : DK;
    feeds[name] = randomFloat(rand, [BATCH, HEADS, n, width]);
  }
  return feeds;
}

/** past_key_values.0.<state>: what PAST earlier tokens leave, from the causal prefill model. */
function pastFeeds(mechanism: string): Record<string, Tensor> {
  const prefill = buildExportGraph([mechanism, '--form', 'parallel', '--causal', ...SHAPE_ARGS]).graph;
  const feeds: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(evaluate(prefill, attentionFeeds(prefill, PAST))))
    if (name.startsWith('present.0.')) feeds[`past_key_values.0.${name.slice('present.0.'.length)}`] = t;
  return feeds;
}

const hasPythonOnnx = spawnSync('/usr/bin/python3', ['-c', 'import onnx'], { stdio: 'ignore' }).status === 0;
// Full check, and q's sequence axis must stay a dim_param (a symbolic length, not a baked-in size).
const CHECK = `
import sys, onnx
for path in sys.argv[1:]:
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    q = next(i for i in model.graph.input if i.name == 'q')
    dims = q.type.tensor_type.shape.dim
    assert dims[0].dim_param == 'batch', (path, dims)
    assert path.endswith('recurrent.onnx') or dims[2].dim_param == 'seq', (path, dims)
print("checked", len(sys.argv) - 1)
`;

describe(`exported ONNX over a symbolic seq${hasPythonOnnx ? '' : ' — checker SKIPPED: /usr/bin/python3 cannot import onnx'}`, () => {
  it.skipIf(!hasPythonOnnx)('every form of every mechanism passes the full ONNX checker', () => {
    const dir = mkdtempSync(join(tmpdir(), 'onnx-symbolic-'));
    const paths = CASES.map((c) => {
      const path = join(dir, `${c.mechanism}-${c.form.replaceAll(' ', '-')}.onnx`);
      writeFileSync(path, exportOnnx(graphOf(c)));
      return path;
    });
    const out = execFileSync('/usr/bin/python3', ['-c', CHECK, ...paths], { encoding: 'utf8' });
    expect(out.trim()).toBe(`checked ${paths.length}`);
  });

  for (const c of CASES) {
    const lengths = c.form === 'recurrent' ? [1] : LENGTHS;
    it(`${c.mechanism} ${c.form}: one loaded model matches the interpreter at n = ${lengths.join(', ')}`, async () => {
      const graph = graphOf(c);
      const backend = (await ortBackend('cpu')) as OrtBackend;
      const model = await backend.loadModel(exportOnnx(graph), graph);
      const past = c.fromState ? pastFeeds(c.mechanism) : {};
      try {
        for (const n of lengths) {
          const feeds = { ...attentionFeeds(graph, n), ...past };
          const want = evaluate(graph, feeds);
          const got = await model.run(feeds);
          for (const [name, t] of Object.entries(want))
            expectClose(got[name]!, t, { rtol: 1e-4, atol: 1e-5 }, `${c.mechanism} ${c.form} n=${n} ${name}`);
        }
      } finally {
        await model.dispose();
      }
    });
  }
});
