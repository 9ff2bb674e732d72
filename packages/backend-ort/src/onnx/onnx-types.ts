import type { DType } from '@constant-attention/core';

/** TensorProto.DataType values for the element types this package emits. */
export const ONNX_DTYPE = { float32: 1, uint8: 2, int32: 6, int64: 7, bool: 9 } as const;
export type OnnxElemType = keyof typeof ONNX_DTYPE;

export function onnxElemType(dtype: DType): OnnxElemType {
  return dtype;
}

export type AttributeValue =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'graph'; readonly value: OnnxGraph };

export interface OnnxNode {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name: string;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /** The operator set the op belongs to; absent: the default ONNX domain. */
  readonly domain?: string;
}

export interface OnnxTensor {
  readonly name: string;
  readonly elemType: OnnxElemType;
  readonly dims: readonly number[];
  /** Little-endian element bytes (raw_data). */
  readonly raw: Uint8Array;
}

/** A dim is a size or a symbolic name (dim_param). */
export interface OnnxValueInfo {
  readonly name: string;
  readonly elemType: OnnxElemType;
  readonly shape: readonly (number | string)[];
}

export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxTensor[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
}

export interface OnnxModel {
  readonly irVersion: number;
  readonly opset: number;
  /** Opsets of other domains the graph's nodes use (com.microsoft), imported next to the default one. */
  readonly domainOpsets?: Readonly<Record<string, number>>;
  readonly producerName: string;
  readonly producerVersion: string;
  readonly docString?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly graph: OnnxGraph;
}
