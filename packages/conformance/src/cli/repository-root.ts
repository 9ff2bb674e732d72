import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root above this file (the folder holding pnpm-workspace.yaml), whatever the cwd is. */
export function repositoryRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
    dir = parent;
  }
  return dir;
}

/** The shared golden vectors live beside the repository, in ../shared/golden. */
export function defaultGoldenFolder(): string {
  return join(repositoryRoot(), '..', 'shared', 'golden');
}

/** The Heinsen paper's whole language model, weights and logits, in ../shared/golden-lm. */
export function defaultGoldenLmFolder(): string {
  return join(repositoryRoot(), '..', 'shared', 'golden-lm');
}
