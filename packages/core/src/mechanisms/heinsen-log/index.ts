export { type HeinsenLogChunkedOptions, heinsenLogChunked } from './chunked.js';
export type { HeinsenLogInputs, HeinsenLogResult, HeinsenLogState } from './inputs.js';
export { heinsenLogMechanism, heinsenLogWeightsMechanism } from './log-mechanism.js';
export { heinsenLogParallel } from './parallel.js';
export { heinsenLogStep } from './recurrent.js';
