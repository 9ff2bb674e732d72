import { createRequire, register } from 'node:module';
import { dirname, sep } from 'node:path';

/**
 * What backend-tfjs needs from Node alone. package.json's `imports` map sends `#platform` here under
 * the `node` condition and to browser-platform.ts everywhere else, so browser bundles never see a
 * `node:` import.
 */

/**
 * The directory holding tfjs-backend-wasm's .wasm files inside node_modules, so Node never fetches them
 * from the network. Resolved through Node's module resolution, which also follows pnpm's symlinks.
 */
export async function nodeWasmDirectory(): Promise<string> {
  const main = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  return `${dirname(main)}${sep}`;
}

/**
 * tfjs-core's Node bundle has no gradient functions: they ship only as extensionless ESM files under
 * dist/, which bundlers load but Node cannot (they are .js files in a CommonJS package, with imports
 * like './ops/mul'). These loader hooks, limited to that folder, add the '.js' and load the files as
 * ESM. The extra copy of tfjs-core's op code this loads shares the one global engine and registries.
 */
const NODE_HOOKS = `
const DIST = '/@tensorflow/tfjs-core/dist/';
export async function resolve(specifier, context, next) {
  if (context.parentURL && context.parentURL.includes(DIST) && /^\\.\\.?\\//.test(specifier) && !specifier.endsWith('.js')) {
    return next(specifier + '.js', context);
  }
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (url.includes(DIST) && !url.includes('/tf-core.')) return next(url, { ...context, format: 'module' });
  return next(url, context);
}`;

export function registerGradientLoaderHooks(): void {
  register(`data:text/javascript,${encodeURIComponent(NODE_HOOKS)}`);
}
