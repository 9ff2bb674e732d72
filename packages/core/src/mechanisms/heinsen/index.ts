import { registerMechanism } from '../registry.js';
import { heinsenAttention } from './heinsen-attention.js';

export { type HeinsenChunkedOptions, heinsenChunked } from './chunked.js';
export { type HeinsenOptions, heinsenAttention } from './heinsen-attention.js';
export { heinsenParallel } from './parallel.js';
export { heinsenStep } from './recurrent.js';
export { FAST_PATH_MAX_GAP } from './segment-fast-mass.js';

registerMechanism(heinsenAttention);
