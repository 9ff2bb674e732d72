import {
  type Backend,
  type CompileOptions,
  type DeviceTensor,
  DisposedError,
  type Executable,
  type Graph,
  InvalidArgumentError,
  Tensor,
} from '@constant-attention/core';
import { devicesSettled, initializeDevice, useDevice } from '../devices/activate-device.js';
import type { TfjsBackendOptions, TfjsDevice } from '../devices/tfjs-device.js';
import { toTfjs } from './host-tensors.js';
import { TfjsDeviceTensor } from './tfjs-device-tensor.js';
import { TfjsExecutable } from './tfjs-executable.js';

/**
 * Runs core graphs as eager tfjs ops on one tfjs device. Several TfjsBackends (even of different devices)
 * may coexist: each run switches tfjs's single global backend to its own device first.
 */
export class TfjsBackend implements Backend {
  readonly name = 'tfjs';
  private readonly executables = new Set<TfjsExecutable>();
  private disposed = false;

  private constructor(readonly device: TfjsDevice) {}

  /** Loads and initializes the device; BackendUnavailableError if it cannot start here. */
  static async create(device: TfjsDevice, options: TfjsBackendOptions = {}): Promise<TfjsBackend> {
    await initializeDevice(device, options);
    return new TfjsBackend(device);
  }

  private checkOpen(): void {
    if (this.disposed) throw new DisposedError(`tfjs backend (${this.device}) was disposed`);
  }

  async compile(graph: Graph, options: CompileOptions = {}): Promise<Executable> {
    this.checkOpen();
    await devicesSettled();
    const label = `tfjs/${this.device}${options.name ? ` '${options.name}'` : ''}`;
    const exe = new TfjsExecutable(graph, this.device, label, (e) => this.executables.delete(e));
    this.executables.add(exe);
    return exe;
  }

  async upload(tensor: Tensor): Promise<DeviceTensor> {
    this.checkOpen();
    if (!(tensor instanceof Tensor)) throw new InvalidArgumentError('upload expects a host Tensor');
    await devicesSettled();
    useDevice(this.device);
    return new TfjsDeviceTensor(toTfjs(tensor), tensor.dtype);
  }

  /** Disposes every executable compiled here; device tensors stay with their holders. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.all([...this.executables].map((e) => e.dispose()));
  }
}
