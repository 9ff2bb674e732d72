import {
  BackendFailureError,
  ConstantAttentionError,
  DisposedError,
  type Executable,
  type Graph,
  InFlightRuns,
  InvalidArgumentError,
  InvalidInputValueError,
  isDeviceTensor,
  type RunOptions,
  type RunResult,
  Tensor,
  type TensorLike,
  type ValueId,
  validateFeeds,
} from '@constant-attention/core';
import * as tf from '@tensorflow/tfjs-core';
import { devicesSettled, useDevice } from '../devices/activate-device.js';
import type { TfjsDevice } from '../devices/tfjs-device.js';
import { LoweredGraph } from '../lower/lower-graph.js';
import { profileFor } from '../lower/profiles/profile-for.js';
import { fromTfjs, toTfjs } from './host-tensors.js';
import { TfjsDeviceTensor } from './tfjs-device-tensor.js';

/** A graph lowered to tfjs ops for one device; its constants live on the device until dispose(). */
export class TfjsExecutable implements Executable {
  private readonly lowered: LoweredGraph;
  private constants: Map<ValueId, tf.Tensor> | undefined;
  private readonly runs = new InFlightRuns();

  constructor(
    readonly graph: Graph,
    readonly device: TfjsDevice,
    private readonly label: string,
    private readonly onDispose: (exe: TfjsExecutable) => void,
  ) {
    this.lowered = new LoweredGraph(graph, profileFor(device).branching);
    useDevice(device);
    this.constants = this.lowered.createConstants();
  }

  get disposed(): boolean {
    return this.constants === undefined;
  }

  run(feeds: Readonly<Record<string, TensorLike>>): Promise<Record<string, Tensor>>;
  run(feeds: Readonly<Record<string, TensorLike>>, options: RunOptions): Promise<RunResult>;
  async run(feeds: Readonly<Record<string, TensorLike>>, options: RunOptions = {}): Promise<RunResult> {
    const constants = this.constants;
    if (!constants) throw new DisposedError(`${this.label}: this executable was disposed`);
    return this.runs.track(this.runWith(constants, feeds, options));
  }

  private async runWith(
    constants: Map<ValueId, tf.Tensor>,
    feeds: Readonly<Record<string, TensorLike>>,
    options: RunOptions,
  ): Promise<RunResult> {
    validateFeeds(this.graph, feeds);
    const keep = new Set(options.keepOnDevice ?? []);
    const outputNames = this.graph.outputs.map((o) => o.name);
    for (const name of keep) {
      if (!outputNames.includes(name)) {
        throw new InvalidArgumentError(
          `${this.label}: keepOnDevice names '${name}', which is not an output (outputs: ${outputNames.join(', ')})`,
        );
      }
    }
    const ordered = this.graph.inputs.map((input) => {
      const feed = feeds[input.name]!;
      if (isDeviceTensor(feed) && !(feed instanceof TfjsDeviceTensor)) {
        throw new InvalidArgumentError(
          `${this.label}: feed '${input.name}' is a device tensor of backend '${feed.backend}'; the tfjs backend only accepts its own device tensors (read() it to the host first)`,
        );
      }
      return feed as Tensor | TfjsDeviceTensor;
    });

    await devicesSettled();
    let outputs: tf.Tensor[];
    try {
      useDevice(this.device);
      outputs = tf.tidy(() => this.execute(ordered, constants));
    } catch (err) {
      if (err instanceof ConstantAttentionError) throw err;
      // tfjs checks Gather indices on every device; report it as the reference interpreter does.
      if (/GatherV2: the index value/.test(String(err))) {
        throw new InvalidInputValueError(`${this.label}: Gather index out of range (${String(err)})`);
      }
      throw new BackendFailureError(`${this.label}: tfjs (${this.device}) failed: ${String(err)}`, {
        cause: err,
      });
    }

    const result: RunResult = {};
    try {
      await Promise.all(
        this.graph.outputs.map(async (output, i) => {
          const dtype = this.graph.values[output.value]!.dtype;
          const t = outputs[i]!;
          result[output.name] = keep.has(output.name)
            ? new TfjsDeviceTensor(tf.keep(t), dtype)
            : await fromTfjs(t, dtype);
        }),
      );
    } finally {
      this.graph.outputs.forEach((output, i) => {
        if (!keep.has(output.name)) outputs[i]!.dispose();
      });
    }
    return result;
  }

  /** Runs inside tidy; every returned tensor is new, so the caller may dispose each independently. */
  private execute(
    feeds: readonly (Tensor | TfjsDeviceTensor)[],
    constants: Map<ValueId, tf.Tensor>,
  ): tf.Tensor[] {
    const external = new Set<tf.Tensor>(constants.values());
    const inputs = feeds.map((feed) => {
      if (feed instanceof Tensor) return toTfjs(feed);
      external.add(feed.tensor);
      return feed.tensor;
    });
    const seen = new Set<tf.Tensor>();
    return this.lowered.execute(inputs, constants).map((t) => {
      // An output that is a fed device tensor, a held constant or another output would be disposed twice.
      const fresh = external.has(t) || seen.has(t) ? tf.clone(t) : t;
      seen.add(fresh);
      return fresh;
    });
  }

  /** Runs already under way (waiting for the device) finish first; they hold these constants. */
  async dispose(): Promise<void> {
    const constants = this.constants;
    if (!constants) return;
    this.constants = undefined;
    this.onDispose(this);
    await this.runs.settled();
    for (const t of constants.values()) t.dispose();
  }
}
