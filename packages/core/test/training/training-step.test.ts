import { describe, expect, it } from 'vitest';
import {
  buildTrainingStep,
  evaluate,
  GraphBuilder,
  InvalidArgumentError,
  initialAdamWState,
  type Tensor,
} from '../../src/index.js';
import { jsAdamWStep, jsClipByGlobalNorm, maxAbsDiff } from '../optim/reference-adamw.js';
import {
  regressionData,
  regressionGradients,
  regressionGraph,
  shapes,
  tensorOf,
} from './regression-problem.js';

const adam = { beta1: 0.8, beta2: 0.9, eps: 1e-8, weightDecay: 0.05 };

describe('buildTrainingStep', () => {
  it('declares params, AdamW state, batch and lr; outputs loss and updated.*', () => {
    const step = buildTrainingStep(regressionGraph(), { params: ['W', 'c'], clipNorm: 1 });
    expect(step.graph.inputs.map((i) => i.name)).toEqual([
      'W',
      'c',
      'x',
      'y',
      'adamw.m.W',
      'adamw.m.c',
      'adamw.v.W',
      'adamw.v.c',
      'adamw.step',
      'lr',
    ]);
    expect(step.graph.outputs.map((o) => o.name).sort()).toEqual(
      [
        'loss',
        'updated.W',
        'updated.c',
        'updated.adamw.m.W',
        'updated.adamw.m.c',
        'updated.adamw.v.W',
        'updated.adamw.v.c',
        'updated.adamw.step',
        'gradNorm',
      ].sort(),
    );
    expect(step.batch).toEqual(['x', 'y']);
    expect(step.state).toEqual(['adamw.m.W', 'adamw.m.c', 'adamw.v.W', 'adamw.v.c', 'adamw.step']);
  });

  it.each([
    ['with clipping', 0.3],
    ['without clipping', undefined],
  ])('4 steps %s match hand-written gradients + plain float64 AdamW', (_, clipNorm) => {
    const step = buildTrainingStep(regressionGraph(), {
      params: ['W', 'c'],
      optimizer: { ...adam, decay: ['W'] },
      ...(clipNorm === undefined ? {} : { clipNorm }),
    });
    const data = regressionData(3);
    let W: Float64Array = data.W;
    let c: Float64Array = data.c;
    const stateW = { m: new Float64Array(6), v: new Float64Array(6), t: 0 };
    const stateC = { m: new Float64Array(2), v: new Float64Array(2), t: 0 };
    let feeds: Record<string, Tensor> = {
      W: tensorOf(W, shapes.W),
      c: tensorOf(c, shapes.c),
      ...initialAdamWState({ W: shapes.W, c: shapes.c }),
    };
    let clippedOnce = false;
    for (const lr of [0.05, 0.1, 0.02, 0.07]) {
      const out = evaluate(step.graph, {
        ...feeds,
        x: tensorOf(data.x, shapes.x),
        y: tensorOf(data.y, shapes.y),
        lr: tensorOf(Float64Array.of(lr), []),
      });
      const js = regressionGradients(W, c, data.x, data.y);
      expect(out.loss!.data[0]).toBeCloseTo(js.loss, 13);
      let grads: Float64Array[] = [js.gW, js.gc];
      if (clipNorm !== undefined) {
        const clipped = jsClipByGlobalNorm(grads, clipNorm);
        expect(out.gradNorm!.data[0]).toBeCloseTo(clipped.norm, 13);
        clippedOnce ||= clipped.norm > clipNorm;
        grads = clipped.grads;
      }
      W = jsAdamWStep(W, grads[0]!, stateW, { ...adam, lr });
      c = jsAdamWStep(c, grads[1]!, stateC, { ...adam, weightDecay: 0, lr });
      expect(maxAbsDiff(out['updated.W']!.data, W)).toBeLessThan(1e-13);
      expect(maxAbsDiff(out['updated.c']!.data, c)).toBeLessThan(1e-13);
      expect(maxAbsDiff(out['updated.adamw.v.W']!.data, stateW.v)).toBeLessThan(1e-13);
      feeds = Object.fromEntries(['W', 'c', ...step.state].map((name) => [name, out[`updated.${name}`]!]));
    }
    if (clipNorm !== undefined) expect(clippedOnce).toBe(true);
  });

  it('rejects params with symbolic dims and reserved input names', () => {
    const b = new GraphBuilder();
    const w = b.input('w', 'float32', ['n']);
    const symbolic = b.build({ loss: b.reduceSum(b.mul(w, w), [0]) });
    expect(() => buildTrainingStep(symbolic, { params: ['w'] })).toThrow(/symbolic dim 'n'/);
    const b2 = new GraphBuilder();
    const lr = b2.input('lr', 'float32', [2]);
    const reserved = b2.build({ loss: b2.reduceSum(lr, [0]) });
    expect(() => buildTrainingStep(reserved, { params: ['lr'] })).toThrow(InvalidArgumentError);
  });
});
