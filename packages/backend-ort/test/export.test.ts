import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate, type Graph, GraphBuilder, getMechanism, mechanismNames } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { buildExportGraph } from '../src/cli/export-command.js';
import { exportOnnx, type OrtBackend, writeOnnxFile } from '../src/index.js';
import { ortBackend, TEST_DEVICES } from './support/backends.js';
import { expectClose } from './support/compare.js';
import { randomFloat, seededRandom } from './support/random.js';

const rand = seededRandom(7);
const MECHANISMS = mechanismNames().filter((name) => !getMechanism(name).usesGate);

function sampleGraph(): Graph {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', ['batch', 'seq', 4]);
  const w = b.constant(
    Array.from({ length: 12 }, (_, i) => (i - 6) / 5),
    [4, 3],
  );
  const h = b.matmul(x, w);
  const mask = b.lessEqual(b.iota('seq', 'int32'), b.reshape(b.iota('seq', 'int32'), ['seq', 1]));
  const scores = b.where(mask, b.matmul(h, b.transposeLast2(h)), Number.NEGATIVE_INFINITY);
  return b.build({ attn: b.softmax(scores, -1), lse: b.logSumExp(scores, [-1]), h });
}

describe.each(TEST_DEVICES)('export round trip on ort %s', (device) => {
  it('bytes -> new InferenceSession -> the same results as compile() and the interpreter', async () => {
    const backend = (await ortBackend(device)) as OrtBackend;
    const graph = sampleGraph();
    const feeds = { x: randomFloat(rand, [2, 5, 4]) };
    const loaded = await backend.loadModel(
      exportOnnx(graph, { name: 'sample', docString: 'round trip' }),
      graph,
    );
    const compiled = await backend.compile(graph);
    const a = await loaded.run(feeds);
    const c = await compiled.run(feeds);
    const expected = evaluate(graph, feeds);
    for (const name of ['attn', 'lse', 'h']) {
      expect(Array.from(a[name]!.data)).toEqual(Array.from(c[name]!.data));
      expectClose(a[name]!, expected[name]!, { rtol: 1e-5, atol: 1e-5 }, name);
    }
    await loaded.dispose();
    await compiled.dispose();
  });
});

describe('writeOnnxFile', () => {
  it('writes atomically: exact bytes, no temp files left, overwrites in place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onnx-write-'));
    const path = join(dir, 'model.onnx');
    writeFileSync(path, 'old contents');
    const bytes = exportOnnx(sampleGraph());
    await writeOnnxFile(path, bytes);
    expect(new Uint8Array(readFileSync(path))).toEqual(bytes);
    expect(readdirSync(dir)).toEqual(['model.onnx']);
  });

  it('a failed write leaves no partial file and reports the error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onnx-write-'));
    await expect(writeOnnxFile(join(dir, 'missing-dir', 'model.onnx'), new Uint8Array(4))).rejects.toThrow(
      /ENOENT/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});

const hasPythonOnnx = spawnSync('/usr/bin/python3', ['-c', 'import onnx'], { stdio: 'ignore' }).status === 0;
const CHECK = `
import sys, onnx
for path in sys.argv[1:]:
    onnx.checker.check_model(onnx.load(path), full_check=True)
print("checked", len(sys.argv) - 1)
`;

describe(`Python onnx.checker (full_check)${hasPythonOnnx ? '' : ' — SKIPPED: /usr/bin/python3 cannot import onnx (apt-get install python3-onnx)'}`, () => {
  it.skipIf(!hasPythonOnnx)('accepts exported graphs and every mechanism step model', () => {
    const dir = mkdtempSync(join(tmpdir(), 'onnx-check-'));
    const paths: string[] = [];
    const save = (name: string, bytes: Uint8Array) => {
      const path = join(dir, `${name}.onnx`);
      writeFileSync(path, bytes);
      paths.push(path);
    };
    save('sample', exportOnnx(sampleGraph()));
    for (const mechanism of MECHANISMS) {
      save(
        `${mechanism}-step`,
        exportOnnx(
          buildExportGraph([
            mechanism,
            '--form',
            'recurrent',
            '--heads',
            '2',
            '--dk',
            '4',
            '--dv',
            '3',
            '--out',
            'x',
          ]).graph,
        ),
      );
      save(
        `${mechanism}-chunked`,
        exportOnnx(
          buildExportGraph([
            mechanism,
            '--form',
            'chunked',
            '--seq',
            '9',
            '--chunk',
            '4',
            '--dk',
            '4',
            '--dv',
            '3',
            '--out',
            'x',
          ]).graph,
        ),
      );
    }
    // Chunks of 64 and up take heinsen's guarded fast path: an If with both paths as subgraphs.
    save(
      'heinsen-chunked-guarded',
      exportOnnx(
        buildExportGraph(['heinsen', '--form', 'chunked', '--seq', '70', '--chunk', '64', '--out', 'x'])
          .graph,
      ),
    );
    const out = execFileSync('/usr/bin/python3', ['-c', CHECK, ...paths], { encoding: 'utf8' });
    expect(out.trim()).toBe(`checked ${paths.length}`);
  });

  it.skipIf(!hasPythonOnnx)('rejects corrupt bytes (so the check above can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'onnx-check-'));
    const path = join(dir, 'bad.onnx');
    const bytes = exportOnnx(sampleGraph());
    writeFileSync(path, bytes.slice(0, bytes.length >> 1));
    expect(() => execFileSync('/usr/bin/python3', ['-c', CHECK, path], { stdio: 'pipe' })).toThrow();
  });
});
