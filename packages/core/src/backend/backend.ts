import type { Graph } from '../ir/graph.js';
import type { DeviceTensor, TensorLike } from '../tensor/device-tensor.js';
import type { Tensor } from '../tensor/tensor.js';

/** How a backend is chosen: `{ backend: 'ort', device: 'cpu' }`, `{ backend: 'tfjs', device: 'wasm' }`, ... */
export interface BackendConfig {
  readonly backend: string;
  readonly device?: string;
  /** Backend-specific settings (threads, optimization level, ...), documented by each backend. */
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface CompileOptions {
  /** A label for error messages and exported model metadata. */
  readonly name?: string;
  /**
   * Inputs the caller feeds with device tensors from earlier runs (a Trainer's params and optimizer
   * state). A backend may leave out work it does only for host feeds, such as in-graph NaN probes; a
   * host tensor fed to one of them is still checked, on the host.
   */
  readonly deviceFed?: readonly string[];
}

export interface RunOptions {
  /**
   * Output names to return as DeviceTensors that stay on the backend. Feed them back as inputs to avoid
   * host round trips (decode state). The caller owns them and must dispose them.
   */
  readonly keepOnDevice?: readonly string[];
}

export type RunResult = Record<string, TensorLike>;

/** A compiled graph. Outputs not listed in keepOnDevice come back as host Tensors. */
export interface Executable {
  readonly graph: Graph;
  run(feeds: Readonly<Record<string, TensorLike>>): Promise<Record<string, Tensor>>;
  run(feeds: Readonly<Record<string, TensorLike>>, options: RunOptions): Promise<RunResult>;
  /**
   * Frees runtime resources; later runs throw DisposedError. Runs already under way finish normally
   * first (the promise resolves after them), so disposing never fails a run that was started.
   */
  dispose(): Promise<void>;
}

export interface Backend {
  /** Registered name, e.g. 'ort'. */
  readonly name: string;
  /** Resolved device, e.g. 'cpu', 'wasm', 'webgpu'. */
  readonly device: string;
  compile(graph: Graph, options?: CompileOptions): Promise<Executable>;
  /** Moves a host tensor onto the backend, e.g. to seed resident decode state. */
  upload(tensor: Tensor): Promise<DeviceTensor>;
  dispose(): Promise<void>;
}

export type BackendFactory = (config: BackendConfig) => Promise<Backend>;

export interface BackendRegistration {
  readonly name: string;
  /** Devices this backend knows; availability is decided when created. */
  readonly devices: readonly string[];
  readonly defaultDevice: string;
  readonly create: BackendFactory;
}
