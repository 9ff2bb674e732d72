import { describe, expect, it } from 'vitest';
import {
  checkNanProbes,
  evaluate,
  GraphBuilder,
  InvalidInputValueError,
  NAN_PROBE_MIN_ELEMENTS,
  Tensor,
  withNanProbes,
} from '../../src/index.js';

const BIG = NAN_PROBE_MIN_ELEMENTS;

function graph() {
  const b = new GraphBuilder();
  const big = b.input('big', 'float32', [2, BIG / 2]);
  const small = b.input('small', 'float32', [2, 3]);
  const seq = b.input('seq', 'float32', ['n', 3]);
  const ids = b.input('ids', 'int32', [BIG]);
  const y = b.add(b.reduceSum(big, [0, 1]), b.reduceSum(small, [0, 1]));
  return b.build({
    y: b.add(b.add(y, b.reduceSum(seq, [0, 1])), b.reduceSum(b.cast(ids, 'float32'), [0])),
    'nan_probe.seq': b.reduceSum(seq, [0], false),
  });
}

const ramp = (length: number, scale: number) =>
  Float32Array.from({ length }, (_, i) => ((i % 1000) - 500) * scale);

describe('withNanProbes', () => {
  it('adds a sum output for each float32 input that is large or has a symbolic dim', () => {
    const source = graph();
    const probes = withNanProbes(source);
    // 'seq' already names an output of the graph, so its probe takes a prefix.
    expect(probes.outputs).toEqual(
      new Map([
        ['big', 'nan_probe.big'],
        ['seq', '_nan_probe.seq'],
      ]),
    );
    expect(probes.graph.outputs.map((o) => o.name)).toEqual([
      'y',
      'nan_probe.seq',
      'nan_probe.big',
      '_nan_probe.seq',
    ]);
    expect(source.outputs).toHaveLength(2);
  });

  it("probes are the inputs' sums (float64 oracle)", () => {
    const probes = withNanProbes(graph());
    const big = ramp(BIG, 0.25);
    const seq = ramp(3 * 7, 1.5);
    const out = evaluate(probes.graph, {
      big: Tensor.float32(big, [2, BIG / 2]),
      small: Tensor.float32([1, 2, 3, 4, 5, 6], [2, 3]),
      seq: Tensor.float32(seq, [7, 3]),
      ids: Tensor.int32(new Int32Array(BIG), [BIG]),
    });
    const sum = (x: Float32Array) => x.reduce((s, v) => s + v, 0);
    expect(out['nan_probe.big']!.data[0]).toBeCloseTo(sum(big), 3);
    expect(out['_nan_probe.seq']!.data[0]).toBeCloseTo(sum(seq), 3);
  });

  it('leaves a graph with no such input as it is', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [4, 4]);
    const source = b.build({ y: b.exp(x) });
    expect(withNanProbes(source).graph).toBe(source);
  });
});

describe('checkNanProbes', () => {
  const probes = withNanProbes(graph());
  const feedsWith = (data: Float32Array) => ({ big: Tensor.float32(data, [2, BIG / 2]) });

  it('names the feed and the first NaN index when a probe sum is NaN', () => {
    const data = ramp(BIG, 1);
    data[4321] = Number.NaN;
    data[9000] = Number.NaN;
    const sums = new Map([['nan_probe.big', Number.NaN]]);
    expect(() => checkNanProbes(probes, feedsWith(data), sums)).toThrow(InvalidInputValueError);
    expect(() => checkNanProbes(probes, feedsWith(data), sums)).toThrow(
      "feed 'big' contains NaN (first at flat index 4321)",
    );
  });

  it('a NaN sum from +inf and -inf (or an overflow) is not a NaN feed', () => {
    const data = ramp(BIG, 1);
    data[10] = Number.POSITIVE_INFINITY;
    data[20] = Number.NEGATIVE_INFINITY;
    expect(() =>
      checkNanProbes(probes, feedsWith(data), new Map([['nan_probe.big', Number.NaN]])),
    ).not.toThrow();
  });

  it('a finite probe sum passes without a scan', () => {
    const data = ramp(BIG, 1);
    data[7] = Number.NaN;
    // The probe is trusted: a finite sum means the run saw no NaN in this feed.
    expect(() => checkNanProbes(probes, feedsWith(data), new Map([['nan_probe.big', 3]]))).not.toThrow();
  });
});
