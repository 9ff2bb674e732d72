import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Every module the browser entry can reach through static or dynamic imports, by walking sources. */
function reachableImports(entry: string): { files: Set<string>; specifiers: Set<string> } {
  const files = new Set<string>();
  const specifiers = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(
      /(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g,
    )) {
      const isTypeOnly = /^(?:import|export)\s+type\s/.test(match[0]);
      const spec = (match[1] ?? match[2])!;
      if (isTypeOnly) continue;
      if (spec.startsWith('.')) pending.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else specifiers.add(spec);
    }
  }
  return { files, specifiers };
}

describe('package entry points', () => {
  it('the browser entry never reaches onnxruntime-node or node: modules', () => {
    const { files, specifiers } = reachableImports(join(SRC, 'browser.ts'));
    expect(files.size).toBeGreaterThan(5);
    expect(specifiers.has('onnxruntime-web')).toBe(true);
    for (const spec of specifiers) {
      expect(spec).not.toBe('onnxruntime-node');
      expect(spec.startsWith('node:')).toBe(false);
    }
  });

  it('the node entry reaches both runtimes and the file writer', () => {
    const { specifiers } = reachableImports(join(SRC, 'index.ts'));
    for (const spec of ['onnxruntime-node', 'onnxruntime-web', 'node:fs/promises'])
      expect(specifiers.has(spec)).toBe(true);
  });

  it('package.json maps node and browser conditions to the matching entry', () => {
    const pkg = JSON.parse(readFileSync(join(SRC, '..', 'package.json'), 'utf8'));
    const root = pkg.exports['.'];
    expect(root.node).toBe('./dist/index.js');
    expect(root.browser).toBe('./dist/browser.js');
    expect(root.default).toBe('./dist/browser.js');
    expect(root['@constant-attention/source']).toEqual({
      node: './src/index.ts',
      default: './src/browser.ts',
    });
    expect(pkg.bin['onnx-export']).toBe('./dist/cli/onnx-export.js');
  });

  it('importing the browser entry in Node registers ort with wasm as the default device', async () => {
    const core = await import('@constant-attention/core');
    await import('../src/browser.js');
    const registration = core.getBackendRegistration('ort');
    expect(registration.defaultDevice).toBe('wasm');
    await expect(core.createBackend({ backend: 'ort', device: 'cpu' })).rejects.toThrow(
      /needs onnxruntime-node/,
    );
  });
});
