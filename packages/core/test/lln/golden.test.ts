import { describe, expect, it } from 'vitest';
import {
  buildParallelGraph,
  evaluate,
  GraphBuilder,
  llnAttention,
  llnDiagAttention,
  llnDiagParallelParts,
  llnParallelParts,
  type Tensor,
} from '../../src/index.js';
import { loadLlnGoldens, maxRelError } from './golden-files.js';

const TOL = 1e-9;
const goldens = loadLlnGoldens();

function dimsOf(q: Tensor, k: Tensor, v: Tensor) {
  const [batch, heads, seqQ, dk] = q.shape as [number, number, number, number];
  return { batch, heads, seqQ, seqK: k.shape[2]!, dk, dv: v.shape[3]! };
}

describe('lln golden cases (reference LLNAttention / LLNPlusDiagAttention, float64)', () => {
  it('found all seven cases', () => {
    expect(goldens.length).toBe(7);
  });

  for (const g of goldens) {
    const q = g.arrays.get('q')!;
    const k = g.arrays.get('k')!;
    const v = g.arrays.get('v')!;
    const mechanism = g.mode === 'lln' ? llnAttention : llnDiagAttention;

    it(`${g.name}: out through the mechanism's parallel form`, () => {
      const options = { causal: false, eps: g.eps };
      const graph = buildParallelGraph(mechanism, dimsOf(q, k, v), options);
      const { out } = evaluate(graph, { q, k, v });
      expect(maxRelError(out!.data, g.arrays.get('out')!.data)).toBeLessThanOrEqual(TOL);
    });

    it(`${g.name}: stats, S and parts`, () => {
      const b = new GraphBuilder();
      const d = dimsOf(q, k, v);
      const inputs = {
        q: b.input('q', 'float32', q.shape),
        k: b.input('k', 'float32', k.shape),
        v: b.input('v', 'float32', v.shape),
      };
      const lln = llnParallelParts(b, inputs, { causal: false, eps: g.eps });
      const outputs: Record<string, ReturnType<typeof b.input>> = {
        S: b.reshape(lln.denominator, [d.batch, d.heads, d.seqQ]),
        sigma_q: lln.scales.sigmaQ!,
        sigma_k: lln.scales.sigmaK!,
        sigma_tilde: lln.scales.sigmaTilde!,
        alpha: lln.scales.alpha,
        beta: lln.scales.beta,
      };
      if (g.mode !== 'lln') {
        const parts = llnDiagParallelParts(b, inputs, { causal: false, eps: g.eps });
        outputs.lln_part = parts.llnPart;
        outputs.diag_part = parts.diagPart;
      }
      const got = evaluate(b.build(outputs), { q, k, v });
      for (const stat of ['sigma_q', 'sigma_k', 'sigma_tilde', 'alpha', 'beta'] as const) {
        expect(maxRelError(got[stat]!.data, [g.stats[stat]]), stat).toBeLessThanOrEqual(TOL);
      }
      for (const name of ['S', 'lln_part', 'diag_part']) {
        const expected = g.arrays.get(name);
        if (!expected) continue;
        expect(maxRelError(got[name]!.data, expected.data), name).toBeLessThanOrEqual(TOL);
      }
    });
  }
});
