import { registerMechanism } from '../registry.js';
import { heinsenAttention } from './heinsen-attention.js';

export { type HeinsenOptions, heinsenAttention } from './heinsen-attention.js';
export { type HeinsenLogChunkedOptions, heinsenLogChunked } from './log-chunked.js';
export type { HeinsenLogInputs, HeinsenLogResult, HeinsenLogState } from './log-inputs.js';
export { heinsenLogMechanism } from './log-mechanism.js';
export { heinsenLogParallel } from './log-parallel.js';
export { heinsenLogStep } from './log-step.js';
export { type HeinsenChunkedOptions, heinsenChunked } from './scaled-chunked.js';
export { heinsenParallel } from './scaled-parallel.js';
export { heinsenStep } from './scaled-step.js';
export { FAST_PATH_MAX_GAP } from './segment-fast-mass.js';

registerMechanism(heinsenAttention);
