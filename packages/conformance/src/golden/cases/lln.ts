import {
  type Backend,
  type FormName,
  GraphBuilder,
  llnAttention,
  llnDiagParallelParts,
  llnParallelParts,
  Tensor,
  type Value,
} from '@constant-attention/core';
import {
  type Comparison,
  type GoldenCase,
  type GoldenCaseRunner,
  type Precision,
  requireArray,
} from '../golden-case.js';
import { readEps } from './golden-header.js';
import { readQkv } from './read-qkv.js';

/** Tolerances from shared/golden/lln/README.md. */
const TOLERANCE = { float64: { rel: 1e-9 }, float32: { rel: 1e-4 } } as const;

/** The format's modes: plain LLN (named after the mechanism) and the average with the block-diagonal softmax. */
const DIAG_MODE = 'lln+diag average';
const MODES: readonly string[] = [llnAttention.name, DIAG_MODE];
type Mode = string;

const STATS = ['sigma_q', 'sigma_k', 'sigma_tilde', 'alpha', 'beta'] as const;

function readMode(golden: GoldenCase): Mode {
  const mode = golden.header.mode;
  if (!MODES.includes(mode)) {
    throw new Error(`${golden.name}: header.mode is ${JSON.stringify(mode)}, not one of ${MODES.join(', ')}`);
  }
  return mode;
}

/**
 * One graph for everything the case pins: out, the denominator S (eps included), the moment-matching
 * stats and, for lln+diag, both halves. All are by-products of the same forward pass.
 */
function buildCaseGraph(mode: Mode, eps: number, q: Tensor, k: Tensor, v: Tensor) {
  const b = new GraphBuilder();
  const inputs = {
    q: b.input('q', 'float32', q.shape),
    k: b.input('k', 'float32', k.shape),
    v: b.input('v', 'float32', v.shape),
  };
  const options = { causal: false, eps };
  const lln = llnParallelParts(b, inputs, options);
  const [batch, heads, nq] = q.shape as [number, number, number];
  const outputs: Record<string, Value> = {
    S: b.reshape(lln.denominator, [batch, heads, nq]),
  };
  const stats: Record<(typeof STATS)[number], Value | undefined> = {
    sigma_q: lln.scales.sigmaQ,
    sigma_k: lln.scales.sigmaK,
    sigma_tilde: lln.scales.sigmaTilde,
    alpha: lln.scales.alpha,
    beta: lln.scales.beta,
  };
  for (const stat of STATS) outputs[`stats.${stat}`] = b.reshape(stats[stat]!, [1]);
  if (mode !== DIAG_MODE) {
    outputs.out = lln.out;
  } else {
    const parts = llnDiagParallelParts(b, inputs, options);
    outputs.out = parts.out;
    outputs.lln_part = parts.llnPart;
    outputs.diag_part = parts.diagPart;
  }
  return b.build(outputs);
}

/** LLN attention (Nahshan et al. 2023), format 'lln-attention-golden/1': non-causal only, parallel form. */
export const llnGoldenRunner: GoldenCaseRunner = {
  format: 'lln-attention-golden/1',
  mechanism: llnAttention.name,

  forms(golden: GoldenCase): readonly FormName[] {
    if (golden.header.causal !== false) {
      throw new Error(
        `${golden.name}: header.causal is ${JSON.stringify(golden.header.causal)}; only false is covered`,
      );
    }
    return ['parallel'];
  },

  async run(
    backend: Backend,
    form: FormName,
    golden: GoldenCase,
    precision: Precision,
  ): Promise<readonly Comparison[]> {
    if (form !== 'parallel') {
      throw new Error(`${golden.name}: a non-causal case has only the parallel form, not '${form}'`);
    }
    const mode = readMode(golden);
    const { q, k, v } = readQkv(golden, precision, { q: 'inputs.q', k: 'inputs.k', v: 'inputs.v' });
    const exe = await backend.compile(buildCaseGraph(mode, readEps(golden), q, k, v), { name: golden.name });
    let outputs: Record<string, Tensor>;
    try {
      outputs = await exe.run({ q, k, v });
    } finally {
      await exe.dispose();
    }
    const tolerance = TOLERANCE[precision];
    const arrays = mode !== DIAG_MODE ? ['out', 'S'] : ['out', 'S', 'lln_part', 'diag_part'];
    const comparisons: Comparison[] = arrays.map((name) => ({
      name,
      actual: outputs[name]!,
      expected: requireArray(golden, `outputs.${name}`),
      tolerance,
    }));
    for (const stat of STATS) {
      const expected = golden.scalars.get(`outputs.stats.${stat}`);
      if (expected === undefined) throw new Error(`${golden.name}: missing scalar 'outputs.stats.${stat}'`);
      comparisons.push({
        name: `stats.${stat}`,
        actual: outputs[`stats.${stat}`]!,
        expected: Tensor.float64([expected], [1]),
        tolerance,
      });
    }
    return comparisons;
  },
};
