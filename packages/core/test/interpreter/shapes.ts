import fc from 'fast-check';

const dims = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 });

/** A shape derived from `out` by dropping leading axes and setting some dims to 1. */
function derived(out: readonly number[], drop: number, ones: readonly boolean[]): number[] {
  return out.slice(Math.min(drop, out.length)).map((d, i) => (ones[i] ? 1 : d));
}

const mask = fc.array(fc.boolean(), { minLength: 4, maxLength: 4 });

/** Shapes that broadcast together (any rank 0..4, dims 1..4), with a seed for the values. */
export const broadcastable = (count: number) =>
  fc
    .record({
      out: dims,
      drops: fc.array(fc.nat(4), { minLength: count, maxLength: count }),
      masks: fc.array(mask, { minLength: count, maxLength: count }),
      seed: fc.integer(),
    })
    .map(({ out, drops, masks, seed }) => ({
      shapes: drops.map((drop, i) => derived(out, drop, masks[i]!)),
      seed,
    }));
