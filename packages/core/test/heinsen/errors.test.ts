import { expect, it } from 'vitest';
import {
  GraphBuilder,
  heinsenChunked,
  heinsenLogChunked,
  heinsenLogParallel,
  heinsenLogStep,
  InvalidArgumentError,
  RankError,
  ShapeError,
} from '../../src/index.js';

function inputs(nq: number, nk: number, dk = 4, dkOfK = dk) {
  const b = new GraphBuilder();
  return {
    b,
    x: {
      q: b.input('q', 'float32', [1, 2, nq, dk]),
      k: b.input('k', 'float32', [1, 2, nk, dkOfK]),
      logV: b.input('logV', 'float32', [1, 2, nk, 3]),
    },
  };
}

it('causal forms reject n_q != n_k, naming the shapes', () => {
  const { b, x } = inputs(3, 5);
  expect(() => heinsenLogParallel(b, x, { causal: true })).toThrow(ShapeError);
  expect(() => heinsenLogParallel(b, x, { causal: true })).toThrow(/q \[1, 2, 3, 4\], k \[1, 2, 5, 4\]/);
  expect(() => heinsenLogParallel(b, x, { causal: false })).not.toThrow();
});

it('q and k must share d_k', () => {
  const { b, x } = inputs(3, 3, 4, 2);
  expect(() => heinsenLogParallel(b, x, { causal: false })).toThrow(/share d_k/);
});

it('chunked rejects a bad chunk size', () => {
  const { b, x } = inputs(4, 4);
  expect(() => heinsenLogChunked(b, x, { chunkSize: 0 })).toThrow(InvalidArgumentError);
});

it('chunked rejects a group size that is not a positive integer, naming it', () => {
  for (const groupTokens of [0, -4, 2.5, Number.NaN]) {
    const b = new GraphBuilder();
    const x = { q: b.input('q', 'float32', [1, 1, 8, 2]), k: b.input('k', 'float32', [1, 1, 8, 2]) };
    const v = b.input('v', 'float32', [1, 1, 8, 3]);
    expect(() => heinsenChunked(b, { ...x, v }, { chunkSize: 2, groupTokens })).toThrow(
      new RegExp(`groupTokens must be a positive integer, got ${groupTokens}`),
    );
  }
});

it('step needs one token and a rank-3/rank-4 state', () => {
  const { b, x } = inputs(2, 2);
  const state = {
    logHZ: b.input('z', 'float32', [1, 2, 4]),
    logHS: b.input('s', 'float32', [1, 2, 4, 3]),
  };
  expect(() => heinsenLogStep(b, state, x)).toThrow(/one token/);
  const one = inputs(1, 1);
  const bad = {
    logHZ: one.b.input('z', 'float32', [1, 2, 4, 1]),
    logHS: one.b.input('s', 'float32', [1, 2, 4, 3]),
  };
  expect(() => heinsenLogStep(one.b, bad, one.x)).toThrow(RankError);
});
