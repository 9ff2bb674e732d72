import type { GraphBuilder, Value } from '../../ir/builder.js';
import { type Dim, scaleDim } from '../../ir/shape.js';
import { nextPowerOfTwo } from '../common/next-power-of-two.js';
import { addMass, keyBlockMass, type LogMass } from './log-mass.js';

const NEG_INF = Number.NEGATIVE_INFINITY;

/**
 * Causal mass (j <= i) along axis -2 of [..., L, d] inputs, with a concrete L.
 *
 * One GEMM over the whole causal block is not exact: its column offsets m_d come from keys that early
 * queries may not see, and a query whose visible keys all sit far below them gets a row sum of 0.
 * So the lower triangle is split dyadically into blocks that each query sees entirely: at level s
 * (1, 2, 4, ...), positions [2ps + s, 2ps + 2s) attend to keys [2ps, 2ps + s); plus the diagonal
 * j = i, summed elementwise. Every block gets keyBlockMass's exact offsets; the log2(L) levels hold
 * about L^2/2 weights in all, like one masked L x L block. L is padded to a power of two with keys of
 * -inf after every real position, so no real query sees them.
 */
export function causalMass(b: GraphBuilder, q: Value, k: Value, logV: Value): LogMass {
  const length = q.dim(-2) as number;
  const padded = nextPowerOfTwo(length);
  const extra = padded - length;
  const qp = extra > 0 ? b.padAxis(q, -2, 0, extra, 0) : q;
  const kp = extra > 0 ? b.padAxis(k, -2, 0, extra, NEG_INF) : k;
  const vp = extra > 0 ? b.padAxis(logV, -2, 0, extra, NEG_INF) : logV;
  const lead: Dim[] = q.shape.slice(0, -2);
  // Block pairs are folded into the last leading axis (the chunk count; a symbolic one scales into
  // dims such as 'ceil(seq/C)*4'), keeping every value at rank <= 6 for rank-5 inputs; tfjs-wasm's Pad
  // gives wrong results at rank 7.
  const outer = lead.slice(0, -1);
  const groupsPerLead = lead.length > 0 ? lead[lead.length - 1]! : 1;

  const diagonal = b.logSumExp(b.add(qp, kp), [-1], true);
  let mass: LogMass = { logZ: diagonal, logN: b.add(diagonal, vp) };

  for (let half = 1; half < padded; half *= 2) {
    const groups = scaleDim(groupsPerLead, padded / (2 * half));
    const halfOf = (x: Value, which: 0 | 1): Value => {
      const split = b.reshape(x, [...outer, groups, 2, half, x.dim(-1)]);
      return b.reshape(b.slice(split, [-3], [which], [which + 1]), [...outer, groups, half, x.dim(-1)]);
    };
    const block = keyBlockMass(b, halfOf(qp, 1), halfOf(kp, 0), halfOf(vp, 0));
    // The block's key half gets no mass from this level: -inf there, the block's result after it.
    const place = (x: Value): Value => {
      const width = x.dim(-1);
      const spread = b.padAxis(b.reshape(x, [...outer, groups, 1, half, width]), -3, 1, 0, NEG_INF);
      return b.reshape(spread, [...lead, padded, width]);
    };
    mass = addMass(b, mass, { logZ: place(block.logZ), logN: place(block.logN) });
  }
  if (extra === 0) return mass;
  return {
    logZ: b.slice(mass.logZ, [-2], [0], [length]),
    logN: b.slice(mass.logN, [-2], [0], [length]),
  };
}
