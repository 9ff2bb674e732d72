import { checkAttentionShapes } from '../common/check-shapes.js';
import type { AttentionInputs } from '../mechanism.js';

/** q, k and signed v, all [b, h, seq, dim] float32; see checkAttentionShapes. */
export function checkHeinsenInputs(form: string, inputs: AttentionInputs, causal: boolean): void {
  checkAttentionShapes(`heinsen ${form}`, inputs.q, inputs.k, ['v', inputs.v], causal);
}
