import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import * as errors from '../../src/errors.js';

const errorsModule = fileURLToPath(new URL('../../src/errors.ts', import.meta.url));
const classNames = Object.keys(errors).filter((k) => /Error$/.test(k));
const dir = mkdtempSync(join(tmpdir(), 'ca-minified-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bundles and minifies an entry that throws every error class, runs it, returns each caught err.name. */
async function namesAfterMinifying(): Promise<Record<string, string>> {
  const entry = join(dir, 'entry.ts');
  const throws = classNames.map((c) =>
    c === 'FeedError' ? `new E.${c}('MISSING_FEED', 'x')` : `new E.${c}('x')`,
  );
  writeFileSync(
    entry,
    `import * as E from ${JSON.stringify(errorsModule)};
const names = {};
${classNames.map((c, i) => `try { throw ${throws[i]}; } catch (err) { names[${JSON.stringify(c)}] = err.name; }`).join('\n')}
console.log(JSON.stringify(names));`,
  );
  const out = join(dir, 'bundle.mjs');
  await build({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
  });
  return JSON.parse(execFileSync(process.execPath, [out], { encoding: 'utf8' }));
}

describe('error classes keep their names in a minified bundle', () => {
  it('covers every exported error class', () => {
    expect(classNames).toContain('ConstantAttentionError');
    expect(classNames.length).toBeGreaterThanOrEqual(14);
  });

  it('err.name is the class name after esbuild --minify', async () => {
    const names = await namesAfterMinifying();
    for (const c of classNames) expect(names[c], c).toBe(c);
  });
});
