/**
 * IEEE binary16 bits -> binary32 bits. Every half value is exactly a float32, so this is exact,
 * and working on bits keeps the sign of zero and NaN payloads, which a detour through Math.pow would not.
 */
export function float16BitsToFloat32Bits(half: number): number {
  const sign = (half & 0x8000) << 16;
  const exponent = (half >>> 10) & 0x1f;
  let mantissa = half & 0x3ff;
  if (exponent === 0x1f) return (sign | 0x7f800000 | (mantissa << 13)) >>> 0;
  if (exponent !== 0) return (sign | ((exponent + 112) << 23) | (mantissa << 13)) >>> 0;
  if (mantissa === 0) return sign >>> 0;
  // A subnormal half (m * 2^-24) is a normal float32: shift the leading 1 into the implicit bit.
  let e = 113;
  while ((mantissa & 0x400) === 0) {
    mantissa <<= 1;
    e--;
  }
  return (sign | (e << 23) | ((mantissa & 0x3ff) << 13)) >>> 0;
}

/** bfloat16 is the top half of a float32, so widening is a shift. */
export function bfloat16BitsToFloat32Bits(half: number): number {
  return (half << 16) >>> 0;
}
