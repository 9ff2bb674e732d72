import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildParallelGraph,
  checkNanProbes,
  GraphBuilder,
  heinsenLogMechanism,
  type InputValues,
  InvalidInputValueError,
  llnAttention,
  NAN_PROBE_MIN_ELEMENTS,
  ReferenceBackend,
  Tensor,
  validateFeeds,
  withNanProbes,
} from '../../src/index.js';
import { expectError } from '../ir/expect-error.js';

const INF = Number.POSITIVE_INFINITY;

function graphOf(values: InputValues | undefined, size = 6) {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [size], values ? { values } : {});
  return b.build({ y: b.neg(x) });
}

const feed = (data: number[]) => ({ x: Tensor.float32(data, [data.length]) });

describe('infinite feeds are checked against the input declaration', () => {
  it("'finite' rejects +inf and -inf, naming the input and the first index", () => {
    for (const bad of [INF, -INF]) {
      expectError(
        () => validateFeeds(graphOf('finite'), feed([0, 1, 2, bad, 4, bad])),
        InvalidInputValueError,
        ["feed 'x'", String(bad), 'index 3', 'finite numbers only'],
      );
    }
  });

  it("'finite-or-neg-inf' accepts -inf and rejects +inf; the default accepts both (but never NaN)", () => {
    expect(() => validateFeeds(graphOf('finite-or-neg-inf'), feed([0, -INF, 2, 3, 4, 5]))).not.toThrow();
    expectError(
      () => validateFeeds(graphOf('finite-or-neg-inf'), feed([0, -INF, INF, 3, 4, 5])),
      InvalidInputValueError,
      ["feed 'x'", 'Infinity', 'index 2'],
    );
    expect(() => validateFeeds(graphOf(undefined), feed([0, -INF, INF, 3, 4, 5]))).not.toThrow();
    expectError(
      () => validateFeeds(graphOf('finite-or-neg-inf'), feed([0, -INF, 2, Number.NaN, 4, 5])),
      InvalidInputValueError,
      ['NaN', 'index 3'],
    );
  });

  it('the first rejected value is found at any index, among finite values and allowed infinities', () => {
    const element = fc.oneof(fc.float({ noNaN: true, noDefaultInfinity: true }), fc.constant(-INF));
    fc.assert(
      fc.property(
        fc.array(element, { minLength: 1, maxLength: 40 }),
        fc.uniqueArray(fc.nat({ max: 39 }), { maxLength: 3 }),
        fc.constantFrom(INF, Number.NaN),
        (pool, at, bad) => {
          const values = [...pool];
          const holes = at.filter((i) => i < values.length);
          for (const i of holes) values[i] = bad;
          const run = () => validateFeeds(graphOf('finite-or-neg-inf', values.length), feed(values));
          if (holes.length === 0) expect(run).not.toThrow();
          else expectError(run, InvalidInputValueError, [`index ${Math.min(...holes)}`]);
        },
      ),
    );
  });

  it('the probe path: an infinite sum scans the feed, -inf alone passes a log input', () => {
    const n = NAN_PROBE_MIN_ELEMENTS;
    for (const [values, bad, rejected] of [
      ['finite', -INF, true],
      ['finite', INF, true],
      ['finite-or-neg-inf', -INF, false],
      ['finite-or-neg-inf', INF, true],
    ] as const) {
      const probes = withNanProbes(graphOf(values, n));
      const data = new Array<number>(n).fill(1);
      data[n - 5] = bad;
      const check = () => checkNanProbes(probes, feed(data), new Map([['nan_probe.x', bad]]));
      if (rejected) expectError(check, InvalidInputValueError, ["feed 'x'", `index ${n - 5}`]);
      else expect(check).not.toThrow();
    }
  });

  it('attention form graphs declare q, k, v finite, and log V (heinsen-log) finite or -inf', async () => {
    const dims = { batch: 1, heads: 1, seqQ: 4, seqK: 4, dk: 2, dv: 2 };
    const backend = new ReferenceBackend();
    const qkv = () => ({
      q: Tensor.float32(new Array(8).fill(0.5), [1, 1, 4, 2]),
      k: Tensor.float32(new Array(8).fill(0.25), [1, 1, 4, 2]),
      v: Tensor.float32(new Array(8).fill(1), [1, 1, 4, 2]),
    });
    const lln = await backend.compile(buildParallelGraph(llnAttention, dims, { causal: true }));
    const infQ = qkv();
    infQ.q.data[5] = INF;
    await expect(lln.run(infQ)).rejects.toThrow(/feed 'q' contains Infinity \(first at flat index 5\)/);
    const log = await backend.compile(buildParallelGraph(heinsenLogMechanism, dims, { causal: true }));
    const zeroV = qkv();
    zeroV.v.data[3] = -INF;
    await expect(log.run(zeroV)).resolves.toBeDefined();
    zeroV.k.data[0] = -INF;
    await expect(log.run(zeroV)).rejects.toThrow(InvalidInputValueError);
  });
});
