import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

describe('the packages bundle for a browser with no shims', () => {
  it('core, backend-ort, backend-tfjs and model: no node: import is left in the bundle', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'browser-bundle-'));
    const entry = join(dir, 'entry.mjs');
    writeFileSync(
      entry,
      [
        "import * as core from '@constant-attention/core';",
        "import * as ort from '@constant-attention/backend-ort';",
        "import * as tfjs from '@constant-attention/backend-tfjs';",
        "import * as model from '@constant-attention/model';",
        'export default [core, ort, tfjs, model];',
      ].join('\n'),
    );
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
      // Resolve the packages as a browser app in this workspace would: through conformance's dependencies.
      nodePaths: [join(packageRoot, 'node_modules')],
      external: ['*.wasm'],
    });
    const nodeImports = Object.values(result.metafile.inputs)
      .flatMap((input) => input.imports)
      .filter((i) => i.path.startsWith('node:'))
      .map((i) => i.path);
    expect(nodeImports).toEqual([]);
    const text = result.outputFiles[0]!.text;
    expect(text).not.toMatch(/from\s*["']node:/);
    expect(text).not.toMatch(/require\(["']node:/);
  }, 120_000);
});
