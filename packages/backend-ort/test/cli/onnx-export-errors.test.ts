import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the real CLI entry (TypeScript through tsx) as a child process. */
async function onnxExport(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const entry = join(packageRoot, 'src/cli/onnx-export.ts');
  const nodeArgs = ['--conditions=@constant-attention/source', '--import', 'tsx', entry, ...args];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, nodeArgs, { cwd: packageRoot });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('onnx-export reports user errors as one line and exit code 2', () => {
  it.each([
    [['softmax', '--frobnicate'], "error: Unknown option '--frobnicate'"],
    [['nosuch', '--form', 'parallel', '--out', 'x.onnx'], "error: unknown mechanism 'nosuch'"],
    [
      ['softmax', '--form', 'bad', '--out', 'x.onnx'],
      "error: --form must be parallel, chunked or recurrent, got 'bad'",
    ],
    [
      ['softmax', '--form', 'parallel', '--out', 'x.onnx', '--opset', '16'],
      'error: backend-ort: opset must be',
    ],
    [
      ['retention', '--form', 'parallel', '--from-state', '--out', 'x.onnx'],
      'error: --from-state needs --form chunked or --form parallel --causal',
    ],
    [
      ['softmax', '--form', 'parallel', '--out', '/nonexistent-dir/x.onnx'],
      'error: ENOENT: no such file or directory',
    ],
  ])('%j', async (args, start) => {
    const { code, stderr } = await onnxExport(args);
    expect(code).toBe(2);
    expect(stderr.startsWith(start), stderr).toBe(true);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
