import { describe, expect, it } from 'vitest';
import {
  buildTrainingStep,
  evaluate,
  type Graph,
  GraphBuilder,
  getMechanism,
  initialAdamWState,
  mechanismNames,
  Tensor,
  tiedLogits,
  transformerBlock,
  type Value,
} from '../../src/index.js';
import { jsAdamWStep, jsClipByGlobalNorm, randomArray, uniform } from '../optim/reference-adamw.js';

const vocab = 5;
const seq = 5;
const dModel = 4;
const heads = 2;
const hidden = 6;

function paramShapes(gate: boolean): Record<string, number[]> {
  return {
    tok: [vocab, dModel],
    pos: [seq, dModel],
    'ln1.g': [dModel],
    'ln1.b': [dModel],
    wq: [dModel, dModel],
    wk: [dModel, dModel],
    wv: [dModel, dModel],
    wo: [dModel, dModel],
    ...(gate ? { wg: [dModel, heads] } : {}),
    'ln2.g': [dModel],
    'ln2.b': [dModel],
    w1: [dModel, hidden],
    b1: [hidden],
    w2: [hidden, dModel],
    b2: [dModel],
    'lnf.g': [dModel],
    'lnf.b': [dModel],
  };
}

/** A one-block pre-LN transformer LM with mean cross-entropy, built from core layers. */
function lossGraph(mechanism: string): Graph {
  const gate = getMechanism(mechanism).usesGate === true;
  const b = new GraphBuilder();
  const p: Record<string, Value> = {};
  for (const [name, shape] of Object.entries(paramShapes(gate))) p[name] = b.input(name, 'float32', shape);
  const tokens = b.input('tokens', 'int32', [1, seq]);
  const targets = b.input('targets', 'int32', [1, seq]);
  const x = b.add(b.gather(p.tok!, tokens, 0), p.pos!);
  const block = transformerBlock(
    b,
    x,
    {
      ln1: { gamma: p['ln1.g']!, beta: p['ln1.b']! },
      attention: { wq: p.wq!, wk: p.wk!, wv: p.wv!, wo: p.wo!, ...(gate ? { wg: p.wg! } : {}) },
      ln2: { gamma: p['ln2.g']!, beta: p['ln2.b']! },
      ffn: { w1: p.w1!, b1: p.b1!, w2: p.w2!, b2: p.b2! },
    },
    { mechanism, heads, causal: true },
  );
  const logits = tiedLogits(b, b.layerNorm(block.out, p['lnf.g']!, p['lnf.b']!), p.tok!);
  const oneHot = b.cast(b.equal(b.reshape(targets, [1, seq, 1]), b.iota(vocab)), 'float32');
  const nll = b.sub(b.logSumExp(logits, [2]), b.reduceSum(b.mul(logits, oneHot), [2]));
  return b.build({ loss: b.reduceMean(nll, [0, 1]) });
}

/** Every registered mechanism, so a new one is covered by adding it to the registry. */
const mechanisms = mechanismNames();

describe('training step gradients vs central finite differences (float64 interpreter)', () => {
  it.each(mechanisms)(
    '%s: grad.* match, and updated params are AdamW of the numeric gradient',
    (mechanism) => {
      const forward = lossGraph(mechanism);
      const shapes = paramShapes(getMechanism(mechanism).usesGate === true);
      const names = Object.keys(shapes);
      const random = uniform(17);
      const params: Record<string, Tensor> = {};
      for (const [name, shape] of Object.entries(shapes)) {
        const size = shape.reduce((a, b) => a * b, 1);
        params[name] = Tensor.float64(randomArray(size, random, 0.5), shape);
      }
      const batch = {
        tokens: Tensor.int32([0, 3, 1, 4, 2], [1, seq]),
        targets: Tensor.int32([3, 1, 4, 2, 0], [1, seq]),
      };
      const clipNorm = 0.5;
      const lr = 0.01;
      const step = buildTrainingStep(forward, { params: names, clipNorm, outputGradients: true });
      const out = evaluate(step.graph, {
        ...params,
        ...batch,
        ...initialAdamWState(shapes),
        lr: Tensor.float64([lr], []),
      });

      const eps = 1e-6;
      const lossAt = (name: string, index: number, delta: number) => {
        const data = Float64Array.from(params[name]!.data);
        data[index] = data[index]! + delta;
        const feeds = { ...params, ...batch, [name]: Tensor.float64(data, params[name]!.shape) };
        return evaluate(forward, feeds).loss!.data[0]!;
      };
      const numeric: Float64Array[] = [];
      let worst = 0;
      let scale = 0;
      for (const name of names) {
        const analytic = out[`grad.${name}`]!.data;
        const fd = new Float64Array(analytic.length);
        for (let i = 0; i < fd.length; i++) {
          fd[i] = (lossAt(name, i, eps) - lossAt(name, i, -eps)) / (2 * eps);
          worst = Math.max(worst, Math.abs(fd[i]! - analytic[i]!));
          scale = Math.max(scale, Math.abs(fd[i]!));
        }
        numeric.push(fd);
      }
      expect(scale).toBeGreaterThan(1e-3);
      expect(worst / scale).toBeLessThan(1e-6);

      // The whole step (clip + AdamW) applied to the numeric gradient gives the graph's new params.
      const clipped = jsClipByGlobalNorm(numeric, clipNorm);
      expect(out.gradNorm!.data[0]).toBeCloseTo(clipped.norm, 6);
      names.forEach((name, k) => {
        const size = clipped.grads[k]!.length;
        const state = { m: new Float64Array(size), v: new Float64Array(size), t: 0 };
        const expected = jsAdamWStep(Float64Array.from(params[name]!.data), clipped.grads[k]!, state, {
          lr,
          beta1: 0.9,
          beta2: 0.999,
          eps: 1e-8,
          weightDecay: 0,
        });
        const actual = out[`updated.${name}`]!.data;
        // The first Adam step moves each entry by about lr * sign(g); entries with |g| near the
        // finite-difference noise may differ, so compare in units of lr where the gradient is clear.
        for (let i = 0; i < size; i++) {
          if (Math.abs(clipped.grads[k]![i]!) < 1e-5) continue;
          expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThan(1e-6 * lr);
        }
      });
    },
  );
});
