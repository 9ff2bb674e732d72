import type { Backend, Executable } from '../backend/backend.js';
import { DisposedError, InvalidArgumentError, InvalidInputValueError } from '../errors.js';
import type { LrSchedule } from '../optim/lr-schedule.js';
import { ADAMW_STEP, initialAdamWState } from '../optim/optimizer-state.js';
import type { DeviceTensor, TensorLike } from '../tensor/device-tensor.js';
import { isDeviceTensor } from '../tensor/device-tensor.js';
import { Tensor } from '../tensor/tensor.js';
import { GRAD_NORM, LEARNING_RATE, type TrainingStep, updatedName } from './training-step-graph.js';

export interface TrainerOptions {
  /** Learning rate for each 0-based step, computed on the host and fed as the `lr` scalar. */
  readonly schedule: LrSchedule;
  /**
   * Optimizer state saved by `readState()` (a checkpoint), to resume training exactly where it
   * stopped: the step counter continues from its `adamw.step`. Fresh zero moments when absent.
   */
  readonly optimizerState?: Readonly<Record<string, Tensor>>;
}

export interface StepResult {
  readonly step: number;
  readonly lr: number;
  readonly loss: number;
  /** Global gradient norm before clipping, when the step clips. */
  readonly gradNorm?: number;
  /** Every other output of the step graph (e.g. `grad.<p>` when built with outputGradients), on the host. */
  readonly extras: Readonly<Record<string, Tensor>>;
}

/**
 * Runs a TrainingStep on one backend. Parameters and AdamW state stay resident (DeviceTensors, fed
 * back from the `updated.*` outputs each step); only the batch, the lr scalar and the loss cross
 * to and from the host. Superseded tensors are disposed as soon as the step that replaced them ends.
 */
export class Trainer {
  private resident: Map<string, DeviceTensor>;
  private stepCount = 0;
  private disposed = false;

  private constructor(
    readonly backend: Backend,
    readonly trainingStep: TrainingStep,
    private readonly executable: Executable,
    resident: Map<string, DeviceTensor>,
    private readonly options: TrainerOptions,
  ) {
    this.resident = resident;
  }

  static async create(
    backend: Backend,
    trainingStep: TrainingStep,
    initialParams: Readonly<Record<string, Tensor>>,
    options: TrainerOptions,
  ): Promise<Trainer> {
    for (const name of trainingStep.params) {
      const tensor = initialParams[name];
      if (!tensor) throw new InvalidArgumentError(`Trainer: no initial value for param '${name}'`);
      const expected = trainingStep.paramShapes[name]!;
      if (tensor.shape.length !== expected.length || tensor.shape.some((d, i) => d !== expected[i])) {
        throw new InvalidArgumentError(
          `Trainer: param '${name}' has shape [${tensor.shape.join(', ')}], expected [${expected.join(', ')}]`,
        );
      }
    }
    const initial = { ...initialAdamWState(trainingStep.paramShapes) };
    if (options.optimizerState) {
      for (const name of trainingStep.state) {
        const saved = options.optimizerState[name];
        if (!saved) throw new InvalidArgumentError(`Trainer: the optimizer state has no '${name}'`);
        const expected = initial[name]!.shape;
        if (saved.shape.length !== expected.length || saved.shape.some((d, i) => d !== expected[i])) {
          throw new InvalidArgumentError(
            `Trainer: optimizer state '${name}' has shape [${saved.shape.join(', ')}], expected [${expected.join(', ')}]`,
          );
        }
        initial[name] = toFloat32(saved);
      }
    }
    const stepCount = options.optimizerState ? Number(initial[ADAMW_STEP]!.data[0]) : 0;
    if (!Number.isSafeInteger(stepCount) || stepCount < 0)
      throw new InvalidArgumentError(`Trainer: optimizer state's step ${stepCount} is not a count`);
    // Params and state are fed back from the step's own outputs, so a backend need not NaN-probe them.
    const executable = await backend.compile(trainingStep.graph, {
      name: 'training-step',
      deviceFed: [...trainingStep.params, ...trainingStep.state],
    });
    const resident = new Map<string, DeviceTensor>();
    for (const name of trainingStep.params) initial[name] = toFloat32(initialParams[name]!);
    for (const [name, tensor] of Object.entries(initial)) resident.set(name, await backend.upload(tensor));
    const trainer = new Trainer(backend, trainingStep, executable, resident, options);
    trainer.stepCount = stepCount;
    return trainer;
  }

  /** Number of steps taken so far. */
  get steps(): number {
    return this.stepCount;
  }

  /** One optimizer step on a batch (every non-param, non-state input of the forward graph). */
  async step(batch: Readonly<Record<string, TensorLike>>): Promise<StepResult> {
    this.checkLive();
    const lr = this.options.schedule(this.stepCount);
    if (!Number.isFinite(lr))
      throw new InvalidInputValueError(`Trainer: schedule gave lr ${lr} at step ${this.stepCount}`);
    const feeds: Record<string, TensorLike> = {
      ...batch,
      // float64 storage keeps the reference backend exact; float32 backends round it on upload.
      [LEARNING_RATE]: Tensor.float64([lr], []),
    };
    for (const [name, tensor] of this.resident) feeds[name] = tensor;
    const keep = [...this.resident.keys()].map(updatedName);
    const out = await this.executable.run(feeds, { keepOnDevice: keep });
    const next = new Map<string, DeviceTensor>();
    for (const name of this.resident.keys()) {
      const value = out[updatedName(name)];
      if (!isDeviceTensor(value))
        throw new InvalidArgumentError(`Trainer: '${updatedName(name)}' did not stay on device`);
      next.set(name, value);
    }
    for (const old of this.resident.values()) old.dispose();
    this.resident = next;
    const extras: Record<string, Tensor> = {};
    for (const [name, value] of Object.entries(out)) {
      if (name !== this.trainingStep.loss && name !== GRAD_NORM && !isDeviceTensor(value))
        extras[name] = value;
    }
    const result: StepResult = {
      step: this.stepCount,
      lr,
      loss: scalarOf(out[this.trainingStep.loss]!),
      ...(out[GRAD_NORM] ? { gradNorm: scalarOf(out[GRAD_NORM]) } : {}),
      extras,
    };
    this.stepCount += 1;
    return result;
  }

  /** Copies the current parameters to the host. */
  async readParams(): Promise<Record<string, Tensor>> {
    this.checkLive();
    const params: Record<string, Tensor> = {};
    for (const name of this.trainingStep.params) params[name] = await this.resident.get(name)!.read();
    return params;
  }

  /** Copies the AdamW state (moments and step count) to the host. */
  async readState(): Promise<Record<string, Tensor>> {
    this.checkLive();
    const state: Record<string, Tensor> = {};
    for (const name of this.trainingStep.state) state[name] = await this.resident.get(name)!.read();
    return state;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const tensor of this.resident.values()) tensor.dispose();
    this.resident.clear();
    await this.executable.dispose();
  }

  private checkLive(): void {
    if (this.disposed) throw new DisposedError('Trainer: used after dispose()');
  }
}

function toFloat32(t: Tensor): Tensor {
  return t.data instanceof Float32Array || t.dtype !== 'float32' ? t : Tensor.float32(t.data, t.shape);
}

function scalarOf(t: TensorLike): number {
  if (isDeviceTensor(t)) throw new InvalidArgumentError('Trainer: expected a host tensor');
  return Number(t.data[0]);
}
