import { DisposedError, InvalidArgumentError } from '../errors.js';
import { evaluate } from '../interpreter/evaluate.js';
import type { DType } from '../ir/dtype.js';
import type { Graph } from '../ir/graph.js';
import { type DeviceTensor, isDeviceTensor, type TensorLike } from '../tensor/device-tensor.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Backend, Executable, RunOptions, RunResult } from './backend.js';
import { registerBackend } from './registry.js';
import { validateFeeds } from './validate-feeds.js';

/** Host "device" tensors, so code written for resident state also runs on the reference backend. */
class HostResidentTensor implements DeviceTensor {
  readonly kind = 'device' as const;
  readonly backend = 'reference';
  // dtype and shape stay readable after dispose, as the DeviceTensor interface promises.
  readonly dtype: DType;
  readonly shape: readonly number[];
  private value: Tensor | undefined;
  constructor(value: Tensor) {
    this.value = value;
    this.dtype = value.dtype;
    this.shape = value.shape;
  }
  get disposed(): boolean {
    return this.value === undefined;
  }
  get tensor(): Tensor {
    if (!this.value) throw new DisposedError('reference device tensor was disposed');
    return this.value;
  }
  async read(): Promise<Tensor> {
    return this.tensor;
  }
  dispose(): void {
    this.value = undefined;
  }
}

class ReferenceExecutable implements Executable {
  private disposed = false;
  constructor(readonly graph: Graph) {}

  run(feeds: Readonly<Record<string, TensorLike>>): Promise<Record<string, Tensor>>;
  run(feeds: Readonly<Record<string, TensorLike>>, options: RunOptions): Promise<RunResult>;
  async run(feeds: Readonly<Record<string, TensorLike>>, options?: RunOptions): Promise<RunResult> {
    if (this.disposed) throw new DisposedError('this executable was disposed');
    // Device feeds are checked here too (disposed ones included); evaluate only sees host tensors.
    validateFeeds(this.graph, feeds);
    const keep = options?.keepOnDevice ?? [];
    for (const name of keep) {
      if (!this.graph.outputs.some((o) => o.name === name)) {
        throw new InvalidArgumentError(
          `keepOnDevice: '${name}' is not an output; the graph's outputs are: ${this.graph.outputs.map((o) => o.name).join(', ')}`,
        );
      }
    }
    const host: Record<string, Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) {
      if (isDeviceTensor(t) && !(t instanceof HostResidentTensor)) {
        throw new InvalidArgumentError(
          `feed '${name}' is a device tensor of backend '${t.backend}'; the reference backend only takes its own`,
        );
      }
      host[name] = t instanceof HostResidentTensor ? t.tensor : (t as Tensor);
    }
    const out: RunResult = evaluate(this.graph, host);
    for (const name of keep) out[name] = new HostResidentTensor(out[name] as Tensor);
    return out;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}

/** The float64 interpreter behind the Backend interface: name 'reference', device 'cpu'. */
export class ReferenceBackend implements Backend {
  readonly name = 'reference';
  readonly device = 'cpu';
  async compile(graph: Graph): Promise<Executable> {
    return new ReferenceExecutable(graph);
  }
  async upload(tensor: Tensor): Promise<DeviceTensor> {
    return new HostResidentTensor(tensor.toFloat64());
  }
  async dispose(): Promise<void> {}
}

registerBackend({
  name: 'reference',
  devices: ['cpu'],
  defaultDevice: 'cpu',
  create: async () => new ReferenceBackend(),
});
