import { gradientName, valueAndGrad } from '../autodiff/grad.js';
import { DTypeError, InvalidArgumentError } from '../errors.js';
import { GraphBuilder, type Value } from '../ir/builder.js';
import { eliminateCommonSubexpressions } from '../ir/eliminate-common.js';
import type { Graph } from '../ir/graph.js';
import { type AdamWOptions, adamwUpdate, resolveAdamWOptions } from '../optim/adamw.js';
import { globalNormClip } from '../optim/clip-grad-norm.js';
import { ADAMW_STEP, adamwMomentName, adamwVarianceName } from '../optim/optimizer-state.js';
import { inlineGraph } from './inline-graph.js';

/** Outputs that replace an input next step are named `updated.<input name>`. */
export const UPDATED_PREFIX = 'updated.';
/** The float32 scalar learning-rate input. */
export const LEARNING_RATE = 'lr';
/** Output with the global gradient norm before clipping (present when clipping is on). */
export const GRAD_NORM = 'gradNorm';

export function updatedName(input: string): string {
  return UPDATED_PREFIX + input;
}

export interface TrainingStepOptions {
  /** The forward graph's scalar loss output. Default 'loss'. */
  readonly loss?: string;
  /** Forward-graph inputs that are trained. Every other input is batch data, fed each step. */
  readonly params: readonly string[];
  readonly optimizer?: AdamWOptions;
  /** Clip the global gradient norm to this value before the update. Default: no clipping. */
  readonly clipNorm?: number;
  /** Also output the raw gradients as `grad.<param>` (for tests and diagnostics). */
  readonly outputGradients?: boolean;
}

/** One compiled-ready training step and the names it reads and writes. */
export interface TrainingStep {
  /**
   * Inputs: params, AdamW state (`adamw.m.<p>`, `adamw.v.<p>`, `adamw.step`), batch inputs, `lr`.
   * Outputs: the loss, `updated.<param>`, `updated.<state>` (and `gradNorm`, `grad.<p>` if asked).
   */
  readonly graph: Graph;
  readonly loss: string;
  readonly params: readonly string[];
  /** Optimizer state inputs, fed back from their `updated.` outputs. */
  readonly state: readonly string[];
  /** Inputs fed fresh every step. */
  readonly batch: readonly string[];
  readonly paramShapes: Readonly<Record<string, readonly number[]>>;
}

function concreteShape(graph: Graph, name: string): number[] {
  const input = graph.inputs.find((i) => i.name === name)!;
  const info = graph.values[input.value]!;
  if (info.dtype !== 'float32') throw new DTypeError(`trainingStep: param '${name}' is ${info.dtype}`);
  return info.shape.map((d) => {
    if (typeof d !== 'number') {
      throw new InvalidArgumentError(
        `trainingStep: param '${name}' has symbolic dim '${d}'; params need concrete shapes`,
      );
    }
    return d;
  });
}

/**
 * Builds ONE graph that computes the loss, its gradients (reverse mode, `valueAndGrad`), optionally
 * clips them, and applies AdamW. Any backend compiles it like any other graph, so on ORT the whole
 * backward pass and the update run inside one ONNX session.
 */
export function buildTrainingStep(forward: Graph, options: TrainingStepOptions): TrainingStep {
  const loss = options.loss ?? 'loss';
  const params = [...options.params];
  const reserved = new Set([LEARNING_RATE, ADAMW_STEP]);
  for (const input of forward.inputs) {
    if (reserved.has(input.name) || input.name.startsWith('adamw.')) {
      throw new InvalidArgumentError(
        `trainingStep: forward input '${input.name}' collides with a reserved name`,
      );
    }
  }
  const paramShapes = Object.fromEntries(params.map((p) => [p, concreteShape(forward, p)]));
  const optimizer = resolveAdamWOptions(options.optimizer);
  const differentiated = valueAndGrad(forward, { of: loss, wrt: params });

  const b = new GraphBuilder();
  const inputs: Record<string, Value> = {};
  for (const input of forward.inputs) {
    const info = forward.values[input.value]!;
    inputs[input.name] = b.input(input.name, info.dtype, info.shape, {
      values: input.values,
      nonEmpty: input.nonEmpty,
    });
  }
  const moments = params.map((p) => b.input(adamwMomentName(p), 'float32', paramShapes[p]!));
  const variances = params.map((p) => b.input(adamwVarianceName(p), 'float32', paramShapes[p]!));
  const step = b.input(ADAMW_STEP, 'float32', []);
  const lr = b.input(LEARNING_RATE, 'float32', []);

  const computed = inlineGraph(b, differentiated, inputs);
  const rawGrads = params.map((p) => computed[gradientName(p)]!);
  // The clipping factor is applied inside AdamW's scalars, never as a pass over the gradients.
  const clipped = options.clipNorm === undefined ? undefined : globalNormClip(b, rawGrads, options.clipNorm);
  const update = adamwUpdate(
    b,
    params.map((name, i) => ({
      name,
      param: inputs[name]!,
      grad: rawGrads[i]!,
      m: moments[i]!,
      v: variances[i]!,
      ...(clipped ? { gradSquare: clipped.squares[i]! } : {}),
    })),
    step,
    lr,
    optimizer,
    clipped?.factor,
  );

  const outputs: Record<string, Value> = { [loss]: computed[loss]! };
  params.forEach((p, i) => {
    const slot = update.slots[i]!;
    outputs[updatedName(p)] = slot.param;
    outputs[updatedName(adamwMomentName(p))] = slot.m;
    outputs[updatedName(adamwVarianceName(p))] = slot.v;
    if (options.outputGradients) outputs[gradientName(p)] = rawGrads[i]!;
  });
  outputs[updatedName(ADAMW_STEP)] = update.step;
  if (clipped) outputs[GRAD_NORM] = clipped.norm;

  const state = [...params.map(adamwMomentName), ...params.map(adamwVarianceName), ADAMW_STEP];
  const paramSet = new Set(params);
  const batch = forward.inputs.map((i) => i.name).filter((n) => !paramSet.has(n));
  // Autodiff and the update repeat work the forward pass already built; merging it shrinks the graph
  // every backend lowers and compiles (ORT would merge most of it too, but only after we lowered it).
  const graph = eliminateCommonSubexpressions(b.build(outputs));
  return { graph, loss, params, state, batch, paramShapes };
}
