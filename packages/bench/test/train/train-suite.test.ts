import '@constant-attention/backend-ort';
import '@constant-attention/backend-tfjs';
import { trainThroughput } from '@constant-attention/model';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../src/args/parse-args.js';
import type { TrainSample } from '../../src/schema/bench-results.js';
import { makeTrainSuite, trainPlan, trainRatios, withTrainThreads } from '../../src/suites/train.js';

describe('train arguments', () => {
  it('defaults to ort:cpu and tfjs:wasm (the ratio is the point); other suites keep ort:cpu', () => {
    expect(parseBenchArgs(['train']).backends).toEqual([
      { backend: 'ort', device: 'cpu' },
      { backend: 'tfjs', device: 'wasm' },
    ]);
    expect(parseBenchArgs(['decode']).backends).toEqual([{ backend: 'ort', device: 'cpu' }]);
    expect(parseBenchArgs(['train', '--backends', 'ort:cpu']).backends).toEqual([
      { backend: 'ort', device: 'cpu' },
    ]);
  });

  it('--quick trains a shorter sequence for fewer steps; --lengths picks the sequence lengths', () => {
    expect(trainPlan(false, undefined)).toEqual({ seqs: [512], steps: 5, warmupSteps: 3 });
    expect(trainPlan(true, undefined)).toEqual({ seqs: [128], steps: 1, warmupSteps: 1 });
    expect(trainPlan(true, [16, 32]).seqs).toEqual([16, 32]);
  });
});

function sample(backend: string, device: string, mechanism: string, tokensPerS: number): TrainSample {
  return {
    suite: 'train',
    mechanism,
    backend,
    device,
    cost: { parallelTime: '-', stepTime: '-', stateSize: '-' },
    layers: 4,
    d_model: 256,
    seq: 128,
    batch: 1,
    tokens_per_s: tokensPerS,
    step_ms: 128_000 / tokensPerS,
    step_ms_samples: [128_000 / tokensPerS],
    compile_ms: 1,
    steps: 1,
    tokens_per_step: 128,
    final_loss: 5,
  };
}

describe('train threads', () => {
  it('sets intra- and inter-op threads on ort backends and leaves others as configured', () => {
    const threads = { intra: 3, inter: 1 };
    expect(withTrainThreads({ backend: 'ort', device: 'cpu', options: { opset: 18 } }, threads)).toEqual({
      backend: 'ort',
      device: 'cpu',
      options: { opset: 18, threads: 3, interOpThreads: 1 },
    });
    expect(withTrainThreads({ backend: 'tfjs', device: 'wasm' }, threads)).toEqual({
      backend: 'tfjs',
      device: 'wasm',
    });
  });
});

describe('train ratios', () => {
  it('divides ort:cpu tokens/s by tfjs:wasm tokens/s per mechanism, only where both ran', () => {
    const ratios = trainRatios([
      sample('ort', 'cpu', 'softmax', 300),
      sample('tfjs', 'wasm', 'softmax', 20),
      sample('ort', 'cpu', 'heinsen', 100),
      sample('tfjs', 'cpu', 'heinsen', 10),
    ]);
    expect(ratios).toEqual({ 'softmax seq=128': 15 });
  });
});

describe('train suite on a tiny model', () => {
  it('records one trainThroughput run per mechanism and backend', async () => {
    const args = parseBenchArgs(['train', '--quick', '--lengths', '8', '--mechanisms', 'linear-elu']);
    const tiny = { layers: 1, dModel: 16, heads: 2, vocab: 8, batch: 2 };
    const output = await makeTrainSuite(trainThroughput, tiny, { intra: 1, inter: 1 })({
      args,
      backends: [],
    });
    const samples = output.samples as TrainSample[];
    expect(samples.map((s) => `${s.backend}:${s.device}`)).toEqual(['ort:cpu', 'tfjs:wasm']);
    for (const s of samples) {
      expect(s).toMatchObject({
        suite: 'train',
        mechanism: 'linear-elu',
        layers: 1,
        d_model: 16,
        seq: 8,
        batch: 2,
      });
      expect(s.steps).toBe(1);
      expect(s.tokens_per_step).toBe(16);
      expect(Number.isFinite(s.final_loss)).toBe(true);
      expect(s.tokens_per_s).toBeCloseTo((1000 * s.tokens_per_step) / s.step_ms, 6);
    }
    const ratio = (output.summary.ort_cpu_over_tfjs_wasm as Record<string, number>)['linear-elu seq=8'];
    expect(ratio).toBeCloseTo(samples[0]!.tokens_per_s / samples[1]!.tokens_per_s, 10);
    expect(output.markdown).toContain('| linear-elu seq=8 |');
    expect(samples[0]!.ort_threads).toEqual({ intra: 1, inter: 1 });
    expect(samples[1]!.ort_threads).toBeUndefined();
    expect(output.markdown).toContain('intra-op 1, inter-op 1');
  });
});
