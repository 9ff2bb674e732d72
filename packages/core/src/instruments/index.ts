export { attentionMatrices } from './attention-matrix.js';
export { type Complex, eigenvalues } from './eigenvalues.js';
export { type HostMatrix, matrixFromRows, splitMatrices } from './host-matrix.js';
export { type LogNormalFit, logNormalFit } from './log-normal-fit.js';
export { meanRowEntropy, rowEntropy } from './row-entropy.js';
export { type SpectralGap, spectralGap } from './spectral-gap.js';
