import type { LlnScales } from './options.js';

/**
 * alpha and beta come from the whole q and k tensors, which a stream cannot see, so the recurrent form
 * reproduces the parallel one only with frozen scales (README.md). These are exact in float32: state
 * tensors are float32, so 0.8 would differ from the graph's 0.8 by 1e-8.
 */
export const STREAMING_SCALES: LlnScales = { alpha: 0.75, beta: 1.25 };
