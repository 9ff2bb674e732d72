import {
  type Backend,
  BackendFailureError,
  type CompileOptions,
  type DeviceTensor,
  DisposedError,
  type Executable,
  type Graph,
  MalformedModelError,
  type NanProbes,
  type Tensor,
  valueInfo,
  withNanProbes,
} from '@constant-attention/core';
import { exportOnnx } from '../export/export-onnx.js';
import { type OrtBackendOptions, sessionOptionsFor } from './backend-options.js';
import { LiveTensors, OrtDeviceTensor } from './ort-device-tensor.js';
import { OrtExecutable } from './ort-executable.js';
import type { OrtRuntime, OrtSession, OrtSessionOptions } from './ort-runtime.js';
import { toOrtTensor } from './tensor-conversion.js';

/** Devices and the ONNX Runtime execution provider behind each. */
export const EXECUTION_PROVIDER: Readonly<Record<string, string>> = {
  cpu: 'cpu',
  cuda: 'cuda',
  wasm: 'wasm',
  webgpu: 'webgpu',
};

/** Devices whose compiled graphs check large feeds for NaN from in-graph sums (core's withNanProbes). */
const PROBED_DEVICES = new Set(['cpu', 'wasm']);

/**
 * Runs core graphs on ONNX Runtime: each graph is lowered to an ONNX model in memory and loaded into
 * an InferenceSession. The same class drives onnxruntime-node (cpu, cuda) and onnxruntime-web
 * (wasm, webgpu); the runtime module is injected by the entry point.
 */
export class OrtBackend implements Backend {
  readonly name = 'ort';
  private readonly live = new LiveTensors();
  private readonly executables = new Set<OrtExecutable>();
  private disposed = false;

  constructor(
    readonly device: string,
    private readonly runtime: OrtRuntime,
    readonly options: OrtBackendOptions,
  ) {}

  /** Device tensors handed out (run outputs kept on device, uploads) and not yet disposed. */
  get liveTensorCount(): number {
    return this.live.count;
  }

  private checkOpen(): void {
    if (this.disposed) throw new DisposedError(`ort/${this.device}: this backend was disposed`);
  }

  async compile(graph: Graph, options: CompileOptions = {}): Promise<Executable> {
    this.checkOpen();
    const label = `ort/${this.device}${options.name ? ` '${options.name}'` : ''}`;
    // WebGPU's ReduceSum rejects zero-sized inputs (an empty KV cache), and CUDA is unmeasured here.
    const probes = PROBED_DEVICES.has(this.device)
      ? withNanProbes(graph, undefined, options.deviceFed)
      : undefined;
    const bytes = exportOnnx(probes?.graph ?? graph, {
      opset: this.options.opset,
      fusedAttention: this.options.fusedAttention,
      name: options.name,
      // The device's rewrite passes (lower/profiles/); cuda, unmeasured here, takes the CPU ones.
      device: this.device === 'webgpu' || this.device === 'wasm' ? this.device : 'cpu',
    });
    let session: OrtSession;
    try {
      session = await this.runtime.InferenceSession.create(bytes, this.sessionOptionsFor(graph));
    } catch (cause) {
      throw new BackendFailureError(
        `${label}: ONNX Runtime could not load the lowered graph: ${String(cause)}`,
        {
          cause,
        },
      );
    }
    return this.track(graph, session, label, probes);
  }

  /**
   * Loads ONNX bytes (e.g. from exportOnnx or a file) and runs them as `graph`, which declares the
   * model's inputs and outputs for feed validation. Bytes ONNX Runtime cannot parse, or whose inputs
   * and outputs differ from the graph's in name, dtype, rank or a fixed dim, are a MalformedModelError.
   */
  async loadModel(bytes: Uint8Array, graph: Graph): Promise<Executable> {
    this.checkOpen();
    let session: OrtSession;
    try {
      session = await this.runtime.InferenceSession.create(bytes, this.sessionOptionsFor(graph));
    } catch (cause) {
      throw new MalformedModelError(`ort/${this.device}: not a loadable ONNX model: ${String(cause)}`, {
        cause,
      });
    }
    const expect = (kind: string, have: readonly string[], want: readonly string[]) => {
      if (have.length !== want.length || want.some((n) => !have.includes(n))) {
        void session.release();
        throw new MalformedModelError(
          `ort/${this.device}: the model's ${kind} [${have.join(', ')}] do not match the graph's [${want.join(', ')}]`,
        );
      }
    };
    expect(
      'inputs',
      session.inputNames,
      graph.inputs.map((i) => i.name),
    );
    expect(
      'outputs',
      session.outputNames,
      graph.outputs.map((o) => o.name),
    );
    const mismatch = describeMismatch(graph, session);
    if (mismatch) {
      void session.release();
      throw new MalformedModelError(`ort/${this.device}: ${mismatch}`);
    }
    return this.track(graph, session, `ort/${this.device} model`);
  }

  /** On WebGPU, state outputs stay in GPU buffers so a decode loop never downloads them. */
  private sessionOptionsFor(graph: Graph): OrtSessionOptions {
    const base = sessionOptionsFor(this.options, EXECUTION_PROVIDER[this.device] ?? this.device);
    if (this.device !== 'webgpu') return base;
    const resident = graph.outputs.filter(
      (o) => o.name.startsWith('present.') && valueInfo(graph, o.value).dtype === 'float32',
    );
    return {
      ...base,
      preferredOutputLocation: Object.fromEntries(resident.map((o) => [o.name, 'gpu-buffer' as const])),
    };
  }

  private track(graph: Graph, session: OrtSession, label: string, probes?: NanProbes): OrtExecutable {
    const exe = new OrtExecutable(
      graph,
      session,
      this.runtime,
      this.live,
      label,
      (e) => this.executables.delete(e),
      probes,
    );
    this.executables.add(exe);
    return exe;
  }

  async upload(tensor: Tensor): Promise<DeviceTensor> {
    this.checkOpen();
    return new OrtDeviceTensor(toOrtTensor(this.runtime, tensor), tensor.dtype, this.live);
  }

  /** Releases every session and device tensor this backend created. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.live.disposeAll();
    await Promise.all([...this.executables].map((e) => e.dispose()));
  }
}

/**
 * The first input or output whose dtype, rank or fixed dims differ between the model and the graph that
 * is to describe it. Symbolic dims on either side match anything: they are bound at run time.
 */
function describeMismatch(graph: Graph, session: OrtSession): string | undefined {
  const sides = [
    ['input', graph.inputs, session.inputMetadata],
    ['output', graph.outputs, session.outputMetadata],
  ] as const;
  for (const [kind, values, metadata] of sides) {
    if (!metadata) continue;
    for (const v of values) {
      const meta = metadata.find((m) => m.name === v.name);
      if (!meta?.isTensor) continue;
      const info = valueInfo(graph, v.value);
      const ours = `${info.dtype} [${info.shape.join(', ')}]`;
      const theirs = `${meta.type} [${meta.shape.join(', ')}]`;
      // ONNX bool is 'bool' in ORT's metadata, like ours; every other dtype name is shared too.
      if (meta.type !== info.dtype)
        return `the model's ${kind} '${v.name}' is ${theirs}, the graph says ${ours}`;
      if (meta.shape.length === 0 && info.shape.length > 0) continue;
      const fixedDiffers = meta.shape.some(
        (d, i) => typeof d === 'number' && d >= 0 && typeof info.shape[i] === 'number' && d !== info.shape[i],
      );
      if (meta.shape.length !== info.shape.length || fixedDiffers)
        return `the model's ${kind} '${v.name}' is ${theirs}, the graph says ${ours}`;
    }
  }
  return undefined;
}
