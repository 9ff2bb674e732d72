/**
 * com.microsoft.LinearAttention's `update_rule` values a peer may declare. The op is linear attention
 * itself, so its vocabulary lives in this folder: 'linear' is S_t = S_{t-1} + k_t v_t^T (this folder's
 * mechanism, given the identity feature map), 'gated' is S_t = exp(g_t) S_{t-1} + k_t v_t^T.
 */
export type LinearAttentionUpdateRule = 'linear' | 'gated';

/** The undecayed rule, the one every kernel attention without a decay declares. */
export const UNDECAYED_UPDATE_RULE: LinearAttentionUpdateRule = 'linear';
