import { type DeviceTensor, DisposedError, type DType, type Tensor } from '@constant-attention/core';
import type * as tf from '@tensorflow/tfjs-core';
import { fromTfjs } from './host-tensors.js';

/**
 * A tfjs tensor held outside any tidy scope. The holder owns it: dispose() frees it now, and feeding it
 * to an executable never consumes it. tfjs moves its data if it is fed to a different tfjs device.
 */
export class TfjsDeviceTensor implements DeviceTensor {
  readonly kind = 'device' as const;
  readonly backend = 'tfjs';
  readonly dtype: DType;
  readonly shape: readonly number[];
  private held: tf.Tensor | undefined;

  constructor(tensor: tf.Tensor, dtype: DType) {
    this.held = tensor;
    this.dtype = dtype;
    this.shape = Object.freeze([...tensor.shape]);
  }

  get disposed(): boolean {
    return this.held === undefined || this.held.isDisposed;
  }

  /** The underlying tfjs tensor, e.g. to use in custom tfjs code; still owned by this wrapper. */
  get tensor(): tf.Tensor {
    if (this.held === undefined || this.held.isDisposed)
      throw new DisposedError('tfjs device tensor was disposed');
    return this.held;
  }

  read(): Promise<Tensor> {
    return fromTfjs(this.tensor, this.dtype);
  }

  dispose(): void {
    this.held?.dispose();
    this.held = undefined;
  }
}
