import type { Graph } from '@constant-attention/core';
import { type LowerOptions, lowerGraph } from '../lower/lower-graph.js';
import { encodeModel } from '../onnx/encode-model.js';

export type ExportOptions = LowerOptions;

/**
 * Serializes a core graph to the bytes of a plain ONNX model (opset 17 by default). A file is written to
 * run anywhere ONNX runs, so only default-domain ops go in unless asked: `fusedAttention` defaults to
 * false here (softmax as its standard-op graph), where a live ORT backend defaults it to true. Pass
 * `fusedAttention: true` for ORT's com.microsoft.MultiHeadAttention.
 */
export function exportOnnx(graph: Graph, options: ExportOptions = {}): Uint8Array {
  return encodeModel(lowerGraph(graph, { fusedAttention: false, ...options }));
}
