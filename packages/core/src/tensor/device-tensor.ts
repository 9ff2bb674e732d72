import type { DType } from '../ir/dtype.js';
import type { Tensor } from './tensor.js';

/**
 * A tensor that lives on a backend (GPU buffer, ORT OrtValue, tfjs tensor). Feeding it back to an
 * executable of the same backend avoids a host round trip, which is what keeps decode state resident.
 */
export interface DeviceTensor {
  readonly kind: 'device';
  readonly backend: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly disposed: boolean;
  /** Copies the values to the host. */
  read(): Promise<Tensor>;
  /** Frees the device memory now; idempotent. */
  dispose(): void;
}

export type TensorLike = Tensor | DeviceTensor;

export function isDeviceTensor(t: unknown): t is DeviceTensor {
  return typeof t === 'object' && t !== null && (t as { kind?: unknown }).kind === 'device';
}
