import { DisposedError } from '../errors.js';
import { evaluate } from '../interpreter/evaluate.js';
import type { Graph } from '../ir/graph.js';
import { type DeviceTensor, isDeviceTensor, type TensorLike } from '../tensor/device-tensor.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Backend, Executable, RunOptions, RunResult } from './backend.js';
import { registerBackend } from './registry.js';

/** Host "device" tensors, so code written for resident state also runs on the reference backend. */
class HostResidentTensor implements DeviceTensor {
  readonly kind = 'device' as const;
  readonly backend = 'reference';
  private value: Tensor | undefined;
  constructor(value: Tensor) {
    this.value = value;
  }
  get dtype() {
    return this.tensor.dtype;
  }
  get shape() {
    return this.tensor.shape;
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
    const host: Record<string, Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) {
      host[name] = isDeviceTensor(t) ? (t as HostResidentTensor).tensor : t;
    }
    const out: RunResult = evaluate(this.graph, host);
    for (const name of options?.keepOnDevice ?? []) out[name] = new HostResidentTensor(out[name] as Tensor);
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
