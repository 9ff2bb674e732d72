import {
  BackendFailureError,
  checkNanProbes,
  DisposedError,
  type Executable,
  type Graph,
  InFlightRuns,
  InvalidArgumentError,
  isDeviceTensor,
  type NanProbes,
  type RunOptions,
  type RunResult,
  type Tensor,
  type TensorLike,
  validateFeeds,
  valueInfo,
} from '@constant-attention/core';
import { type LiveTensors, OrtDeviceTensor } from './ort-device-tensor.js';
import type { OrtRuntime, OrtSession, OrtTensor } from './ort-runtime.js';
import { fromOrtTensor, toOrtTensor } from './tensor-conversion.js';

/**
 * A core graph compiled to an ONNX Runtime InferenceSession. With `probes`, the session's model has the
 * probe outputs too, and large feeds are checked for NaN from those sums after the run (nan-probes.ts).
 */
export class OrtExecutable implements Executable {
  private session: OrtSession | undefined;
  private readonly runs = new InFlightRuns();

  constructor(
    readonly graph: Graph,
    session: OrtSession,
    private readonly runtime: OrtRuntime,
    private readonly live: LiveTensors,
    private readonly label: string,
    private readonly onDispose: (exe: OrtExecutable) => void = () => {},
    private readonly probes?: NanProbes,
  ) {
    this.session = session;
  }

  run(feeds: Readonly<Record<string, TensorLike>>): Promise<Record<string, Tensor>>;
  run(feeds: Readonly<Record<string, TensorLike>>, options: RunOptions): Promise<RunResult>;
  async run(feeds: Readonly<Record<string, TensorLike>>, options: RunOptions = {}): Promise<RunResult> {
    const session = this.session;
    if (!session) throw new DisposedError(`${this.label}: this executable was disposed`);
    return this.runs.track(this.runOn(session, feeds, options));
  }

  private async runOn(
    session: OrtSession,
    feeds: Readonly<Record<string, TensorLike>>,
    options: RunOptions,
  ): Promise<RunResult> {
    validateFeeds(this.graph, feeds, { nanCheckedByProbe: this.probes?.outputs });
    const keep = new Set(options.keepOnDevice ?? []);
    for (const name of keep) {
      if (!this.graph.outputs.some((o) => o.name === name)) {
        throw new InvalidArgumentError(
          `${this.label}: keepOnDevice names '${name}', which is not an output (outputs: ${this.graph.outputs.map((o) => o.name).join(', ')})`,
        );
      }
    }
    const ortFeeds: Record<string, OrtTensor> = {};
    for (const [name, feed] of Object.entries(feeds)) ortFeeds[name] = this.toOrt(name, feed);
    let results: Record<string, OrtTensor>;
    try {
      results = await session.run(ortFeeds);
    } catch (cause) {
      throw new BackendFailureError(`${this.label}: ONNX Runtime failed to run the graph: ${String(cause)}`, {
        cause,
      });
    }
    if (this.probes) this.checkProbes(this.probes, feeds, results);
    const out: RunResult = {};
    for (const output of this.graph.outputs) {
      const t = results[output.name];
      if (!t)
        throw new BackendFailureError(`${this.label}: ONNX Runtime returned no output '${output.name}'`);
      if (keep.has(output.name)) {
        out[output.name] = new OrtDeviceTensor(t, valueInfo(this.graph, output.value).dtype, this.live);
      } else {
        out[output.name] = await fromOrtTensor(t, false);
        if (t.location !== 'cpu') t.dispose();
      }
    }
    return out;
  }

  /** Probes run on cpu and wasm only, so their sums are host tensors. */
  private checkProbes(
    probes: NanProbes,
    feeds: Readonly<Record<string, TensorLike>>,
    results: Record<string, OrtTensor>,
  ): void {
    const sums = new Map<string, number>();
    for (const name of probes.outputs.values()) {
      const probe = results[name];
      if (probe) sums.set(name, (probe.data as Float32Array)[0]!);
    }
    try {
      checkNanProbes(probes, feeds, sums);
    } catch (error) {
      for (const t of Object.values(results)) if (t.location !== 'cpu') t.dispose();
      throw error;
    }
  }

  /** Host tensors are converted; only this runtime's own device tensors are taken as they are. */
  private toOrt(name: string, feed: TensorLike): OrtTensor {
    if (!isDeviceTensor(feed)) return toOrtTensor(this.runtime, feed);
    if (feed instanceof OrtDeviceTensor && feed.ortTensor instanceof this.runtime.Tensor)
      return feed.ortTensor;
    throw new InvalidArgumentError(
      `${this.label}: feed '${name}' is a device tensor of backend '${feed.backend}' on another runtime; read() it to the host first`,
    );
  }

  /** Runs already under way finish first; releasing their session under them would fail them. */
  async dispose(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.onDispose(this);
    if (!session) return;
    await this.runs.settled();
    await session.release();
  }
}
