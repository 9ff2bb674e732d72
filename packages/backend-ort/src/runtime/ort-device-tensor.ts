import { type DeviceTensor, DisposedError, type DType, type Tensor } from '@constant-attention/core';
import type { OrtTensor } from './ort-runtime.js';
import { fromOrtTensor } from './tensor-conversion.js';

/** Tracks the device tensors a backend has handed out and not yet disposed. */
export class LiveTensors {
  private readonly live = new Set<OrtDeviceTensor>();
  get count(): number {
    return this.live.size;
  }
  add(t: OrtDeviceTensor): void {
    this.live.add(t);
  }
  delete(t: OrtDeviceTensor): void {
    this.live.delete(t);
  }
  disposeAll(): void {
    for (const t of [...this.live]) t.dispose();
  }
}

/**
 * An ort.Tensor (OrtValue) kept on the backend. Fed back to an executable of the same backend it is
 * passed to ONNX Runtime as is: no host copy, no float64 round trip.
 */
export class OrtDeviceTensor implements DeviceTensor {
  readonly kind = 'device' as const;
  readonly backend = 'ort';
  readonly dtype: DType;
  readonly shape: readonly number[];
  private value: OrtTensor | undefined;

  constructor(
    value: OrtTensor,
    dtype: DType,
    private readonly owner: LiveTensors,
  ) {
    this.value = value;
    this.dtype = dtype;
    this.shape = Object.freeze(value.dims.map(Number));
    owner.add(this);
  }

  get disposed(): boolean {
    return this.value === undefined;
  }

  /** The wrapped ort.Tensor, for feeding it back to ONNX Runtime. */
  get ortTensor(): OrtTensor {
    if (!this.value) throw new DisposedError('ort device tensor was disposed');
    return this.value;
  }

  async read(): Promise<Tensor> {
    return fromOrtTensor(this.ortTensor, true);
  }

  dispose(): void {
    if (!this.value) return;
    this.value.dispose();
    this.value = undefined;
    this.owner.delete(this);
  }
}
