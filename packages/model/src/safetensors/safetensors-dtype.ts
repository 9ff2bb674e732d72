/** The safetensors dtypes this package reads; the others (BOOL, U8, F8_*, ...) are refused by name. */
export type SafetensorsDType = 'F64' | 'F32' | 'F16' | 'BF16' | 'I32' | 'I64';

export const SAFETENSORS_DTYPE_BYTES: Readonly<Record<SafetensorsDType, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I32: 4,
  I64: 8,
};

export function isSafetensorsDType(value: unknown): value is SafetensorsDType {
  return typeof value === 'string' && Object.hasOwn(SAFETENSORS_DTYPE_BYTES, value);
}
