import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared golden folder sits beside the repository unless CONSTANT_ATTENTION_GOLDEN says otherwise. */
export function goldenFolder(mechanism: string): string {
  const root =
    process.env.CONSTANT_ATTENTION_GOLDEN ??
    resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/golden');
  return join(root, mechanism);
}
