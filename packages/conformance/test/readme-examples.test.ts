import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
// Written inside this package, so the examples resolve the published names through its dependencies.
const examplesDir = fileURLToPath(new URL('../.readme-examples/', import.meta.url));
const tsx = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const READMES = [
  'README.md',
  'packages/core/README.md',
  'packages/backend-ort/README.md',
  'packages/backend-tfjs/README.md',
  'packages/model/README.md',
];

const examples = READMES.flatMap((readme) =>
  [...readFileSync(join(root, readme), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map(
    (m, i) => [`${readme} #${i + 1}`, m[1]!] as const,
  ),
);

describe('every TypeScript example in the published READMEs runs as written', () => {
  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(7);
  });

  it.each(examples)(
    '%s',
    async (name, code) => {
      mkdirSync(examplesDir, { recursive: true });
      const file = join(examplesDir, `${name.replace(/[^A-Za-z0-9]+/g, '-')}.mts`);
      writeFileSync(file, code);
      // A scratch cwd: an example that writes a file writes it there.
      const cwd = mkdtempSync(join(tmpdir(), 'readme-example-'));
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', tsx, file], {
        cwd,
        maxBuffer: 16 * 1024 * 1024,
      });
      // `console.log(...); // [1, 8, 4096, 64]` says what the line prints: hold the example to it.
      const squash = (text: string) => text.replace(/\s+/g, '');
      for (const [, said] of code.matchAll(/console\.log\(.*\);\s*\/\/\s*(.+)$/gm))
        expect(squash(stdout)).toContain(squash(said!));
    },
    180_000,
  );
});
