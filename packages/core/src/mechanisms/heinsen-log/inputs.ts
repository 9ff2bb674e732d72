import type { Value } from '../../ir/builder.js';
import { checkAttentionShapes } from '../common/check-shapes.js';

/** Log-space inputs: q [b, h, n_q, d_k], k [b, h, n_k, d_k], logV [b, h, n_k, d_v] (log V, -inf = 0). */
export interface HeinsenLogInputs {
  readonly q: Value;
  readonly k: Value;
  readonly logV: Value;
}

/**
 * The constant-size recurrent state, in logs: logHZ [b, h, d_k] = LCSE_j k_j and
 * logHS [b, h, d_k, d_v] = LCSE_j (k_j + log v_j). Empty is -inf (log 0), not 0.
 */
export interface HeinsenLogState {
  readonly logHZ: Value;
  readonly logHS: Value;
}

export interface HeinsenLogResult {
  /** log o [b, h, n_q, d_v]. */
  readonly logOut: Value;
  /** State after the last key (for non-causal: the sums over all keys). */
  readonly state: HeinsenLogState;
}

export function checkLogInputs(form: string, inputs: HeinsenLogInputs, causal: boolean): void {
  checkAttentionShapes(`heinsen ${form}`, inputs.q, inputs.k, ['logV', inputs.logV], causal);
}
