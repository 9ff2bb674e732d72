import type { CompositeOp, GraphNode, OpAttrs } from '@constant-attention/core';
import { flatElementwise, type LoweringContext, lowerReduction } from './lower-primitive.js';
import { float, type OnnxEmitter, str } from './onnx-emitter.js';

/**
 * Composites lowered to a native ONNX op, because the op's semantics match core's definition exactly
 * and it is at least as stable. The rest are expanded with core's decompositions:
 * - Softmax/LogSoftmax: ONNX gives NaN for an all -inf row; core gives 0 / -inf.
 * - LogSumExp: ReduceLogSumExp is not max-shifted on the WebGPU EP.
 * - LogCumSumExp, LogAddExp: no ONNX op.
 * - LayerNorm: ORT's CPU kernel is accurate, but the WebGPU kernel takes the variance in one pass
 *   (E[x^2] - E[x]^2, cancelling on large-mean rows) and a lowering must hold on every EP.
 * - Sigmoid: ORT's CPU kernel flushes sigmoid(-30) to 0; Softplus is kept decomposed for the same
 *   every-EP reason.
 * - Gelu: only from opset 20.
 * FiniteShift is lowered as one Max against the lowest float32, except on WebGPU (JSEP has no Max
 * kernel, and WGSL need not keep infinities). Its stand-in for -inf is then -FLT_MAX where core's
 * decomposition gives 0; the composite's contract allows any finite value, since it is only ever
 * subtracted from values it bounds: -inf - (-FLT_MAX) is -inf, as -inf - 0 is.
 * GuardedFastPath becomes an If whose branches hold the fast and the exact path (lower-graph.ts), except
 * on WebGPU, where ORT-web has no If kernel on the GPU and would copy every branch input to the CPU.
 */
export function nativeComposites(opset: number, webgpu = false): (op: CompositeOp) => boolean {
  return (op) =>
    op === 'Relu' ||
    op === 'Elu' ||
    op === 'ReduceMean' ||
    (op === 'Gelu' && opset >= 20) ||
    (op === 'FiniteShift' && !webgpu) ||
    (op === 'GuardedFastPath' && !webgpu);
}

/** The lowest finite float32, -FLT_MAX. */
const LOWEST_FLOAT32 = -3.4028234663852886e38;

export function lowerNativeComposite(
  ctx: LoweringContext,
  node: GraphNode,
  inputs: readonly string[],
): string {
  const em: OnnxEmitter = ctx.emitter;
  const x = inputs[0]!;
  switch (node.op) {
    case 'Relu':
      return em.node('Relu', [x]);
    case 'Elu':
      return em.node('Elu', [x], { alpha: float(1) });
    case 'Gelu':
      return em.node('Gelu', [x], { approximate: str((node.attrs as OpAttrs['Gelu']).approximate) });
    case 'FiniteShift': {
      const lowest = em.constant('float32', [], [LOWEST_FLOAT32]);
      const scalar = { ...ctx.inputInfo[0]!, shape: [] };
      const flat = { ...ctx, inputInfo: [ctx.inputInfo[0]!, scalar] };
      return flatElementwise(flat, 'Max', [x, lowest]) ?? em.node('Max', [x, lowest]);
    }
    case 'ReduceMean': {
      const a = node.attrs as OpAttrs['ReduceMean'];
      return lowerReduction(ctx, 'ReduceMean', x, a.axes, a.keepDims, 18);
    }
    default:
      throw new Error(`backend-ort: '${node.op}' has no native lowering`);
  }
}
