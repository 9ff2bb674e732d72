import { BackendFailureError } from '@constant-attention/core';
import { isNode } from '../devices/tfjs-device.js';

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

let registered: Promise<void> | undefined;

async function load(): Promise<void> {
  if (isNode()) {
    const { register } = await import(/* @vite-ignore */ 'node:module');
    register(`data:text/javascript,${encodeURIComponent(NODE_HOOKS)}`);
  }
  try {
    await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  } catch (err) {
    throw new BackendFailureError(`could not load tfjs's gradient functions: ${String(err)}`, { cause: err });
  }
}

/**
 * Registers tfjs's gradient functions (what the full @tensorflow/tfjs package does on import), so that
 * tf.grad / tf.grads / tf.valueAndGrads work through lowered graphs. Idempotent; needed once per process
 * before the first gradient.
 */
export function registerTfjsGradients(): Promise<void> {
  registered ??= load();
  registered.catch(() => {
    registered = undefined;
  });
  return registered;
}
