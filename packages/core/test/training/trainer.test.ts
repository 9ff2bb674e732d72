import { describe, expect, it } from 'vitest';
import {
  buildTrainingStep,
  cosineSchedule,
  DisposedError,
  FeedError,
  InvalidArgumentError,
  ReferenceBackend,
  ShapeError,
  Tensor,
  Trainer,
} from '../../src/index.js';
import { jsAdamWStep, maxAbsDiff } from '../optim/reference-adamw.js';
import {
  regressionData,
  regressionGradients,
  regressionGraph,
  shapes,
  tensorOf,
} from './regression-problem.js';

describe('Trainer (reference backend)', () => {
  it('keeps params and state resident across steps, feeds the schedule, and matches plain float64 AdamW', async () => {
    const backend = new ReferenceBackend();
    const step = buildTrainingStep(regressionGraph(), { params: ['W', 'c'], optimizer: { decay: ['W'] } });
    const data = regressionData(9);
    const schedule = cosineSchedule({ peakLr: 0.1, totalSteps: 6, warmupSteps: 2 });
    // Params start from float32 values on every backend, so the oracle does too.
    let W: Float64Array = Float64Array.from(Float32Array.from(data.W));
    let c: Float64Array = Float64Array.from(Float32Array.from(data.c));
    const trainer = await Trainer.create(
      backend,
      step,
      { W: tensorOf(data.W, shapes.W), c: tensorOf(data.c, shapes.c) },
      { schedule },
    );
    const stateW = { m: new Float64Array(6), v: new Float64Array(6), t: 0 };
    const stateC = { m: new Float64Array(2), v: new Float64Array(2), t: 0 };
    const batch = { x: tensorOf(data.x, shapes.x), y: tensorOf(data.y, shapes.y) };
    const losses: number[] = [];
    for (let s = 0; s < 6; s++) {
      const result = await trainer.step(batch);
      const js = regressionGradients(W, c, data.x, data.y);
      expect(result.step).toBe(s);
      expect(result.lr).toBe(schedule(s));
      expect(result.loss).toBeCloseTo(js.loss, 12);
      losses.push(result.loss);
      const hyper = { lr: schedule(s), beta1: 0.9, beta2: 0.999, eps: 1e-8 };
      W = jsAdamWStep(W, js.gW, stateW, { ...hyper, weightDecay: 0.01 });
      c = jsAdamWStep(c, js.gc, stateC, { ...hyper, weightDecay: 0 });
    }
    const params = await trainer.readParams();
    expect(maxAbsDiff(params.W!.data, W)).toBeLessThan(1e-12);
    expect(maxAbsDiff(params.c!.data, c)).toBeLessThan(1e-12);
    const state = await trainer.readState();
    expect(state['adamw.step']!.data[0]).toBe(6);
    expect(maxAbsDiff(state['adamw.m.W']!.data, stateW.m)).toBeLessThan(1e-12);
    expect(losses[5]!).toBeLessThan(losses[0]!);
    expect(trainer.steps).toBe(6);
    await trainer.dispose();
    await expect(trainer.step(batch)).rejects.toThrow(DisposedError);
  });

  it('reports a missing or misshapen batch input with the typed feed errors', async () => {
    const step = buildTrainingStep(regressionGraph(), { params: ['W', 'c'] });
    const data = regressionData(1);
    const trainer = await Trainer.create(
      new ReferenceBackend(),
      step,
      { W: tensorOf(data.W, shapes.W), c: tensorOf(data.c, shapes.c) },
      { schedule: () => 0.1 },
    );
    await expect(trainer.step({ x: tensorOf(data.x, shapes.x) })).rejects.toThrow(FeedError);
    await expect(trainer.step({ x: tensorOf(data.x, shapes.x), y: Tensor.zeros([4, 3]) })).rejects.toThrow(
      ShapeError,
    );
    expect(trainer.steps).toBe(0);
    await trainer.dispose();
  });

  it('resumes from readParams() + readState() exactly: 3 + 3 steps equal 6 uninterrupted', async () => {
    const backend = new ReferenceBackend();
    const step = buildTrainingStep(regressionGraph(), { params: ['W', 'c'], optimizer: { decay: ['W'] } });
    const data = regressionData(4);
    const schedule = cosineSchedule({ peakLr: 0.1, totalSteps: 6, warmupSteps: 2 });
    const start = { W: tensorOf(data.W, shapes.W), c: tensorOf(data.c, shapes.c) };
    const batch = { x: tensorOf(data.x, shapes.x), y: tensorOf(data.y, shapes.y) };
    const whole = await Trainer.create(backend, step, start, { schedule });
    const wholeLosses: number[] = [];
    for (let s = 0; s < 6; s++) wholeLosses.push((await whole.step(batch)).loss);

    const first = await Trainer.create(backend, step, start, { schedule });
    for (let s = 0; s < 3; s++) await first.step(batch);
    const saved = { params: await first.readParams(), state: await first.readState() };
    await first.dispose();
    const resumed = await Trainer.create(backend, step, saved.params, {
      schedule,
      optimizerState: saved.state,
    });
    expect(resumed.steps).toBe(3);
    const resumedLosses: number[] = [];
    for (let s = 3; s < 6; s++) {
      const result = await resumed.step(batch);
      expect(result.lr).toBe(schedule(s));
      resumedLosses.push(result.loss);
    }
    // The reference backend keeps float64 between steps, and a resumed Trainer starts, as every one does,
    // from float32 params and state: the two runs differ by float32 rounding of the saved values only.
    resumedLosses.forEach((loss, i) => expect(loss).toBeCloseTo(wholeLosses[3 + i]!, 6));
    const [a, b] = [(await resumed.readParams()).W!.data, (await whole.readParams()).W!.data];
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 6);
    await expect(
      Trainer.create(backend, step, saved.params, {
        schedule,
        optimizerState: { ...saved.state, 'adamw.m.W': Tensor.zeros([1]) },
      }),
    ).rejects.toThrow(/optimizer state 'adamw.m.W' has shape \[1\]/);
  });

  it('rejects missing or misshapen initial params', async () => {
    const backend = new ReferenceBackend();
    const step = buildTrainingStep(regressionGraph(), { params: ['W', 'c'] });
    await expect(
      Trainer.create(backend, step, { W: Tensor.zeros([3, 2]) }, { schedule: () => 1 }),
    ).rejects.toThrow(/no initial value for param 'c'/);
    await expect(
      Trainer.create(backend, step, { W: Tensor.zeros([2, 3]), c: Tensor.zeros([2]) }, { schedule: () => 1 }),
    ).rejects.toThrow(InvalidArgumentError);
  });
});
