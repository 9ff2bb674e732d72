import {
  type HostMatrix,
  type LogNormalFit,
  logNormalFit,
  meanRowEntropy,
  spectralGap,
} from '@constant-attention/core';

export interface InstrumentReadings {
  readonly entropy: number;
  readonly gap: number;
  readonly fit: LogNormalFit;
}

/**
 * Core's instruments on one attention matrix. They are defined for non-negative weights; a mechanism
 * whose weights go negative (linear attention's identity feature map can) gets the reason instead.
 */
export function readInstruments(m: HostMatrix): InstrumentReadings | { readonly unavailable: string } {
  const negative = m.data.findIndex((x) => x < 0);
  if (negative >= 0)
    return {
      unavailable: `weights go negative (entry ${Math.floor(negative / m.cols)}, ${negative % m.cols} is ${m.data[negative]!.toPrecision(3)}); the instruments read probabilities`,
    };
  return { entropy: meanRowEntropy(m), gap: spectralGap(m).gap, fit: logNormalFit(m) };
}
