import { describe, expect, it } from 'vitest';
import {
  adamwUpdate,
  clipByGlobalNorm,
  evaluate,
  GraphBuilder,
  InvalidArgumentError,
  resolveAdamWOptions,
  Tensor,
} from '../../src/index.js';
import { jsAdamWStep, jsClipByGlobalNorm, maxAbsDiff, randomArray, uniform } from './reference-adamw.js';

const settings = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 };

/** Graph: two params with grads fed as inputs; only 'w' decays. */
function adamwGraph() {
  const b = new GraphBuilder();
  const names = ['w', 'bias'] as const;
  const shapes = { w: [3, 4], bias: [4] } as const;
  const slots = names.map((name) => ({
    name,
    param: b.input(name, 'float32', shapes[name]),
    grad: b.input(`g.${name}`, 'float32', shapes[name]),
    m: b.input(`m.${name}`, 'float32', shapes[name]),
    v: b.input(`v.${name}`, 'float32', shapes[name]),
  }));
  const step = b.input('step', 'float32', []);
  const lr = b.input('lr', 'float32', []);
  const update = adamwUpdate(b, slots, step, lr, resolveAdamWOptions({ ...settings, decay: ['w'] }));
  const outputs: Record<string, ReturnType<typeof b.input>> = { step_out: update.step };
  names.forEach((name, i) => {
    outputs[`p.${name}`] = update.slots[i]!.param;
    outputs[`m_out.${name}`] = update.slots[i]!.m;
    outputs[`v_out.${name}`] = update.slots[i]!.v;
  });
  return { graph: b.build(outputs), shapes };
}

describe('adamwUpdate', () => {
  it('matches a plain float64 AdamW over 6 steps, decaying only the chosen parameter', () => {
    const { graph, shapes } = adamwGraph();
    const random = uniform(11);
    const lrs = [1e-3, 5e-3, 1e-2, 2e-2, 1e-2, 3e-3];
    const names = ['w', 'bias'] as const;
    const js = Object.fromEntries(
      names.map((n) => {
        const size = shapes[n].reduce((a, b) => a * b, 1);
        return [
          n,
          {
            p: randomArray(size, random),
            state: { m: new Float64Array(size), v: new Float64Array(size), t: 0 },
          },
        ];
      }),
    );
    const feeds: Record<string, Tensor> = { step: Tensor.float64([0], []) };
    for (const n of names) {
      feeds[n] = Tensor.float64(js[n]!.p, shapes[n]);
      feeds[`m.${n}`] = Tensor.float64(new Float64Array(js[n]!.p.length), shapes[n]);
      feeds[`v.${n}`] = Tensor.float64(new Float64Array(js[n]!.p.length), shapes[n]);
    }
    lrs.forEach((lr, step) => {
      const grads = Object.fromEntries(names.map((n) => [n, randomArray(js[n]!.p.length, random, 3)]));
      for (const n of names) feeds[`g.${n}`] = Tensor.float64(grads[n]!, shapes[n]);
      const out = evaluate(graph, { ...feeds, lr: Tensor.float64([lr], []) });
      for (const n of names) {
        const decay = n === 'w' ? settings.weightDecay : 0;
        js[n]!.p = jsAdamWStep(js[n]!.p, grads[n]!, js[n]!.state, { ...settings, weightDecay: decay, lr });
        expect(maxAbsDiff(out[`p.${n}`]!.data, js[n]!.p)).toBeLessThan(1e-14);
        expect(maxAbsDiff(out[`m_out.${n}`]!.data, js[n]!.state.m)).toBeLessThan(1e-14);
        expect(maxAbsDiff(out[`v_out.${n}`]!.data, js[n]!.state.v)).toBeLessThan(1e-14);
        feeds[n] = out[`p.${n}`]!;
        feeds[`m.${n}`] = out[`m_out.${n}`]!;
        feeds[`v.${n}`] = out[`v_out.${n}`]!;
      }
      expect(out.step_out!.data[0]).toBe(step + 1);
      feeds.step = out.step_out!;
    });
  });

  it('gradScale and a given gradSquare give the update of the scaled gradient', () => {
    const b = new GraphBuilder();
    const shape = [2, 3];
    const p = b.input('p', 'float32', shape);
    const g = b.input('g', 'float32', shape);
    const scale = b.input('scale', 'float32', []);
    const slot = {
      name: 'p',
      param: p,
      grad: g,
      m: b.input('m', 'float32', shape),
      v: b.input('v', 'float32', shape),
    };
    const step = b.input('step', 'float32', []);
    const lr = b.input('lr', 'float32', []);
    const options = resolveAdamWOptions({ ...settings, decay: ['p'] });
    const scaled = adamwUpdate(b, [{ ...slot, gradSquare: b.mul(g, g) }], step, lr, options, scale);
    const graph = b.build({ p2: scaled.slots[0]!.param, m2: scaled.slots[0]!.m, v2: scaled.slots[0]!.v });
    const random = uniform(3);
    const param = randomArray(6, random);
    const grad = randomArray(6, random, 3);
    const m = randomArray(6, random, 0.1);
    const v = randomArray(6, random, 0.1).map(Math.abs);
    const out = evaluate(graph, {
      p: Tensor.float64(param, shape),
      g: Tensor.float64(grad, shape),
      scale: Tensor.float64([0.25], []),
      m: Tensor.float64(m, shape),
      v: Tensor.float64(v, shape),
      step: Tensor.float64([4], []),
      lr: Tensor.float64([0.01], []),
    });
    const state = { m: Float64Array.from(m), v: Float64Array.from(v), t: 4 };
    const expected = jsAdamWStep(
      param,
      grad.map((x) => x * 0.25),
      state,
      { ...settings, lr: 0.01 },
    );
    expect(out.p2!.shape).toEqual(shape);
    expect(maxAbsDiff(out.p2!.data, expected)).toBeLessThan(1e-14);
    expect(maxAbsDiff(out.m2!.data, state.m)).toBeLessThan(1e-14);
    expect(maxAbsDiff(out.v2!.data, state.v)).toBeLessThan(1e-14);
  });

  it('a decay predicate selects parameters like a name list', () => {
    expect(resolveAdamWOptions({ decay: (n) => n.endsWith('.w') }).decays('a.w')).toBe(true);
    expect(resolveAdamWOptions({ decay: (n) => n.endsWith('.w') }).decays('a.b')).toBe(false);
    expect(resolveAdamWOptions({}).decays('anything')).toBe(false);
  });

  it('rejects bad hyperparameters with InvalidArgumentError', () => {
    expect(() => resolveAdamWOptions({ beta1: 1 })).toThrow(InvalidArgumentError);
    expect(() => resolveAdamWOptions({ beta2: -0.1 })).toThrow(/beta2/);
    expect(() => resolveAdamWOptions({ eps: 0 })).toThrow(/eps/);
    expect(() => resolveAdamWOptions({ weightDecay: Number.NaN })).toThrow(/weightDecay/);
  });
});

describe('clipByGlobalNorm', () => {
  function clipGraph(maxNorm: number) {
    const b = new GraphBuilder();
    const a = b.input('a', 'float32', [2, 3]);
    const c = b.input('c', 'float32', [5]);
    const clipped = clipByGlobalNorm(b, [a, c], maxNorm);
    return b.build({ a2: clipped.grads[0]!, c2: clipped.grads[1]!, norm: clipped.norm });
  }

  it.each([
    ['above the limit (scaled down)', 0.5, 2],
    ['below the limit (unchanged)', 100, 2],
  ])('matches torch-style clipping %s', (_, maxNorm, scale) => {
    const random = uniform(5);
    const a = randomArray(6, random, scale);
    const c = randomArray(5, random, scale);
    const out = evaluate(clipGraph(maxNorm), { a: Tensor.float64(a, [2, 3]), c: Tensor.float64(c, [5]) });
    const js = jsClipByGlobalNorm([a, c], maxNorm);
    expect(out.norm!.data[0]).toBeCloseTo(js.norm, 13);
    expect(maxAbsDiff(out.a2!.data, js.grads[0]!)).toBeLessThan(1e-14);
    expect(maxAbsDiff(out.c2!.data, js.grads[1]!)).toBeLessThan(1e-14);
    const clippedNorm = Math.hypot(...out.a2!.data, ...out.c2!.data);
    if (js.norm > maxNorm) expect(clippedNorm).toBeCloseTo(maxNorm, 5);
    else expect(maxAbsDiff(out.a2!.data, a)).toBe(0);
  });

  it('leaves all-zero gradients zero (no 0/0)', () => {
    const out = evaluate(clipGraph(1), { a: Tensor.zeros([2, 3]), c: Tensor.zeros([5]) });
    expect([...out.a2!.data, ...out.c2!.data].every((x) => x === 0)).toBe(true);
  });

  it('rejects a non-positive maxNorm', () => {
    const b = new GraphBuilder();
    const a = b.input('a', 'float32', [2]);
    expect(() => clipByGlobalNorm(b, [a], 0)).toThrow(InvalidArgumentError);
  });
});
