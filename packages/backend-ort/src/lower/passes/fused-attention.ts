import type { RewritePass } from '../rules/rule.js';
import { scaledDotProductAttention } from '../rules/scaled-dot-product-attention.js';

/**
 * ScaledDotProductAttention as ORT's fused com.microsoft.MultiHeadAttention, on the EPs whose build
 * has that kernel and where it was checked against the float64 interpreter: CPU (onnxruntime-node) and
 * wasm (onnxruntime-web), both 1.30. Not the ONNX Attention op: it needs opset 23, above MAX_OPSET.
 * Elsewhere (WebGPU) the composite is expanded into core's max-shifted softmax graph.
 */
export const FUSED_ATTENTION: RewritePass = {
  name: 'fused-attention',
  rules: { ScaledDotProductAttention: scaledDotProductAttention },
};
