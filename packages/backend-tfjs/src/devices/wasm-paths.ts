/**
 * The directory holding tfjs-backend-wasm's .wasm files inside node_modules, so Node never fetches them
 * from the network. Resolved through Node's module resolution, which also follows pnpm's symlinks.
 */
export async function nodeWasmDirectory(): Promise<string> {
  // Imported lazily so browser bundles never pull in Node builtins.
  const { createRequire } = await import(/* @vite-ignore */ 'node:module');
  const path = await import(/* @vite-ignore */ 'node:path');
  const require = createRequire(import.meta.url);
  const main = require.resolve('@tensorflow/tfjs-backend-wasm');
  return `${path.dirname(main)}${path.sep}`;
}
