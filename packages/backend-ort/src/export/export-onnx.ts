import type { Graph } from '@constant-attention/core';
import { type LowerOptions, lowerGraph } from '../lower/lower-graph.js';
import { encodeModel } from '../onnx/encode-model.js';

export type ExportOptions = LowerOptions;

/** Serializes a core graph to the bytes of a plain ONNX model (opset 17 by default). */
export function exportOnnx(graph: Graph, options: ExportOptions = {}): Uint8Array {
  return encodeModel(lowerGraph(graph, options));
}
