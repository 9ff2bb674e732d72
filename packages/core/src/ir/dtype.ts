/**
 * float32 is the compute type of every backend. The reference interpreter holds float32 values in
 * float64, which is what makes it an oracle for the float32 backends.
 */
export type DType = 'float32' | 'int32' | 'bool';

export const DTYPES: readonly DType[] = ['float32', 'int32', 'bool'];

export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && (DTYPES as readonly string[]).includes(value);
}
