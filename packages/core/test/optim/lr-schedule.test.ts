import { describe, expect, it } from 'vitest';
import { cosineSchedule, InvalidArgumentError, oneCycleSchedule } from '../../src/index.js';

describe('cosineSchedule', () => {
  it('warms up linearly, then follows half a cosine to minLr (plain formula written here)', () => {
    const peak = 3e-3;
    const minLr = 1e-4;
    const warmup = 10;
    const total = 110;
    const schedule = cosineSchedule({ peakLr: peak, totalSteps: total, warmupSteps: warmup, minLr });
    for (let s = 0; s < total; s++) {
      let expected: number;
      if (s < warmup) expected = (peak * (s + 1)) / warmup;
      else {
        const angle = (Math.PI * (s - warmup)) / (total - warmup - 1);
        expected = minLr + ((peak - minLr) * (1 + Math.cos(angle))) / 2;
      }
      expect(schedule(s)).toBeCloseTo(expected, 15);
    }
    expect(schedule(warmup - 1)).toBeCloseTo(peak, 15);
    expect(schedule(warmup)).toBeCloseTo(peak, 15);
    expect(schedule(total - 1)).toBeCloseTo(minLr, 15);
  });

  it('without warm-up starts at the peak', () => {
    expect(cosineSchedule({ peakLr: 1, totalSteps: 5 })(0)).toBe(1);
    expect(cosineSchedule({ peakLr: 1, totalSteps: 5 })(2)).toBeCloseTo(0.5, 15);
  });

  it('rejects bad settings and steps', () => {
    expect(() => cosineSchedule({ peakLr: 0, totalSteps: 5 })).toThrow(InvalidArgumentError);
    expect(() => cosineSchedule({ peakLr: 1, totalSteps: 5, warmupSteps: 5 })).toThrow(/warmupSteps/);
    expect(() => cosineSchedule({ peakLr: 1, totalSteps: 5, minLr: 2 })).toThrow(/minLr/);
    expect(() => cosineSchedule({ peakLr: 1, totalSteps: 5 })(5)).toThrow(/past totalSteps/);
    expect(() => cosineSchedule({ peakLr: 1, totalSteps: 5 })(-1)).toThrow(/step/);
  });
});

describe('oneCycleSchedule', () => {
  it("follows torch OneCycleLR's two cosine phases", () => {
    const maxLr = 0.01;
    const total = 100;
    const schedule = oneCycleSchedule({ maxLr, totalSteps: total });
    const initial = maxLr / 25;
    const final = initial / 1e4;
    const peakStep = 0.3 * total - 1;
    const cosAnneal = (from: number, to: number, pct: number) =>
      to + ((from - to) / 2) * (Math.cos(Math.PI * pct) + 1);
    for (let s = 0; s < total; s++) {
      const expected =
        s <= peakStep
          ? cosAnneal(initial, maxLr, s / peakStep)
          : cosAnneal(maxLr, final, (s - peakStep) / (total - 1 - peakStep));
      expect(schedule(s)).toBeCloseTo(expected, 15);
    }
    // Anchors torch documents: start at max_lr / div_factor, peak at max_lr, end at initial / final_div_factor.
    expect(schedule(0)).toBeCloseTo(4e-4, 15);
    expect(schedule(29)).toBeCloseTo(maxLr, 15);
    expect(schedule(99)).toBeCloseTo(4e-8, 15);
    for (let s = 1; s <= 29; s++) expect(schedule(s)).toBeGreaterThan(schedule(s - 1));
    for (let s = 30; s < total; s++) expect(schedule(s)).toBeLessThan(schedule(s - 1));
  });

  it('rejects bad settings', () => {
    expect(() => oneCycleSchedule({ maxLr: 1, totalSteps: 1 })).toThrow(InvalidArgumentError);
    expect(() => oneCycleSchedule({ maxLr: 1, totalSteps: 10, pctStart: 1 })).toThrow(/pctStart/);
    expect(() => oneCycleSchedule({ maxLr: -1, totalSteps: 10 })).toThrow(/maxLr/);
  });
});
