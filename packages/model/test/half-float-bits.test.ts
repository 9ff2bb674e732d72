import { describe, expect, it } from 'vitest';
import { bfloat16BitsToFloat32Bits, float16BitsToFloat32Bits } from '../src/safetensors/half-float-bits.js';

const asFloat = (bits: number): number => new Float32Array(new Uint32Array([bits]).buffer)[0]!;

/** Independent oracle: the binary16 definition evaluated in float64 arithmetic. */
function halfValue(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const m = bits & 0x3ff;
  if (e === 31) return m ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return e === 0 ? sign * m * 2 ** -24 : sign * (1 + m / 1024) * 2 ** (e - 15);
}

function bfloatValue(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 7) & 0xff;
  const m = bits & 0x7f;
  if (e === 255) return m ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return e === 0 ? sign * m * 2 ** -133 : sign * (1 + m / 128) * 2 ** (e - 127);
}

describe('float16 widening', () => {
  it.each([
    [0x0000, 0],
    [0x8000, -0],
    [0x0001, 2 ** -24], // smallest subnormal
    [0x8001, -(2 ** -24)],
    [0x0200, 2 ** -15],
    [0x03ff, 1023 * 2 ** -24], // largest subnormal
    [0x0400, 2 ** -14], // smallest normal
    [0x3c00, 1],
    [0x3c01, 1 + 2 ** -10],
    [0xc000, -2],
    [0x3555, 0.333251953125],
    [0x7bff, 65504], // largest finite
    [0x7c00, Number.POSITIVE_INFINITY],
    [0xfc00, Number.NEGATIVE_INFINITY],
  ])('bits %i widen to %s', (half, value) => {
    expect(Object.is(asFloat(float16BitsToFloat32Bits(half)), value)).toBe(true);
  });

  it('keeps NaN payloads and signs in the top mantissa bits', () => {
    expect(float16BitsToFloat32Bits(0x7e00)).toBe(0x7fc00000);
    expect(float16BitsToFloat32Bits(0x7c01)).toBe(0x7f802000);
    expect(float16BitsToFloat32Bits(0xfe00)).toBe(0xffc00000);
  });

  it('matches the binary16 definition for all 65536 bit patterns', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const got = asFloat(float16BitsToFloat32Bits(bits));
      const want = halfValue(bits);
      if (!Object.is(got, want)) expect({ bits, got }).toEqual({ bits, got: want });
    }
  });
});

describe('bfloat16 widening', () => {
  it.each([
    [0x0000, 0],
    [0x8000, -0],
    [0x0001, 2 ** -133], // smallest subnormal
    [0x007f, 127 * 2 ** -133], // largest subnormal
    [0x0080, 2 ** -126],
    [0x3f80, 1],
    [0xc000, -2],
    [0x4049, 3.140625],
    [0x7f7f, (1 + 127 / 128) * 2 ** 127],
    [0x7f80, Number.POSITIVE_INFINITY],
    [0xff80, Number.NEGATIVE_INFINITY],
  ])('bits %i widen to %s', (half, value) => {
    expect(Object.is(asFloat(bfloat16BitsToFloat32Bits(half)), value)).toBe(true);
  });

  it('keeps NaN payloads', () => {
    expect(bfloat16BitsToFloat32Bits(0x7fc0)).toBe(0x7fc00000);
    expect(bfloat16BitsToFloat32Bits(0xff81)).toBe(0xff810000);
  });

  it('matches the bfloat16 definition for all 65536 bit patterns', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const got = asFloat(bfloat16BitsToFloat32Bits(bits));
      const want = bfloatValue(bits);
      if (!Object.is(got, want)) expect({ bits, got }).toEqual({ bits, got: want });
    }
  });
});
