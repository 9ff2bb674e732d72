import type { GraphBuilder, Value } from '@constant-attention/core';

/** x [batch, n, d] and int32 rows [batch, k] of flat indices into batch * n -> [batch, k, d]. */
export function selectRows(b: GraphBuilder, x: Value, rows: Value | undefined): Value {
  if (!rows) return x;
  const flat = b.reshape(x, [(x.dim(0) as number) * (x.dim(1) as number), x.dim(2)]);
  return b.gather(flat, rows, 0);
}
