/** Held-out loss in the two units the README reports: nats per token and bits per byte of text. */
export function lossMetrics(nats: number, tokens: number, bytes: number) {
  return {
    val_loss_nats_per_token: nats / tokens,
    val_bits_per_byte: nats / Math.LN2 / bytes,
    val_tokens: tokens,
    val_bytes: bytes,
  };
}

export type LossMetrics = ReturnType<typeof lossMetrics>;
