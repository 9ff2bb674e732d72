import { BackendFailureError } from '@constant-attention/core';
import { registerGradientLoaderHooks } from '#platform';
import { isNode } from '../devices/tfjs-device.js';

let registered: Promise<void> | undefined;

async function load(): Promise<void> {
  if (isNode()) registerGradientLoaderHooks();
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
