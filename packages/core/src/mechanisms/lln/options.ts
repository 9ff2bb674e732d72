import { InvalidArgumentError } from '../../errors.js';

/** The moment-matched temperatures; frozen values make streaming possible (see README.md). */
export interface LlnScales {
  readonly alpha: number;
  readonly beta: number;
}

export interface LlnOptions {
  /** Added to the denominator, inside it, exactly as the reference's LLNAttention does. */
  readonly eps: number;
  /**
   * Frozen alpha and beta. Without them the parallel and chunked forms compute them from the whole
   * q and k tensors they are given, like the reference; the recurrent form reads them from its state.
   */
  readonly scales?: LlnScales;
}

/** LLNAttention's own default; its README builds LLNSelfAttention with 1e-5 instead. */
export const LLN_DEFAULT_EPS = 1e-8;

export function checkLlnOptions(name: string, options: LlnOptions): void {
  if (!(Number.isFinite(options.eps) && options.eps >= 0)) {
    throw new InvalidArgumentError(`${name}: eps must be a finite number >= 0, got ${options.eps}`);
  }
  const s = options.scales;
  if (s === undefined) return;
  for (const key of ['alpha', 'beta'] as const) {
    if (!(Number.isFinite(s[key]) && s[key] > 0)) {
      throw new InvalidArgumentError(`${name}: scales.${key} must be a finite number > 0, got ${s[key]}`);
    }
  }
}
