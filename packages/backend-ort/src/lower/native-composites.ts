import type { CompositeOp, GraphNode, OpAttrs } from '@constant-attention/core';
import { type LoweringContext, lowerReduction } from './lower-primitive.js';
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
 */
export function nativeComposites(opset: number): (op: CompositeOp) => boolean {
  return (op) => op === 'Relu' || op === 'Elu' || op === 'ReduceMean' || (op === 'Gelu' && opset >= 20);
}

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
    case 'ReduceMean': {
      const a = node.attrs as OpAttrs['ReduceMean'];
      return lowerReduction(ctx, 'ReduceMean', x, a.axes, a.keepDims, 18);
    }
    default:
      throw new Error(`backend-ort: '${node.op}' has no native lowering`);
  }
}
