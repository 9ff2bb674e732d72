import { InvalidArgumentError } from '@constant-attention/core';
import { checkOpset, DEFAULT_OPSET } from '../lower/lower-graph.js';
import type { OrtSessionOptions } from './ort-runtime.js';

export type GraphOptimizationLevel = 'disabled' | 'basic' | 'extended' | 'all';

/** `options` of `{ backend: 'ort', device, options }`. */
export interface OrtBackendOptions {
  /** intraOpNumThreads (onnxruntime-node only; wasm in Node always runs one thread). */
  readonly threads?: number;
  /** interOpNumThreads (onnxruntime-node only). */
  readonly interOpThreads?: number;
  /** ONNX Runtime graph optimization level (default 'all'). */
  readonly graphOptimizationLevel?: GraphOptimizationLevel;
  /** Opset of the models compile() builds (default 17). */
  readonly opset?: number;
  /**
   * Softmax attention as ORT's fused com.microsoft.MultiHeadAttention on cpu and wasm (default true);
   * false runs core's generic softmax graph instead.
   */
  readonly fusedAttention?: boolean;
}

const LEVELS: readonly GraphOptimizationLevel[] = ['disabled', 'basic', 'extended', 'all'];
const KEYS = ['threads', 'interOpThreads', 'graphOptimizationLevel', 'opset', 'fusedAttention'];

function positiveInteger(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(
      `backend 'ort': option '${name}' must be a positive integer, got ${String(value)}`,
    );
  }
  return value;
}

export function parseBackendOptions(raw: Readonly<Record<string, unknown>> = {}): OrtBackendOptions {
  for (const key of Object.keys(raw)) {
    if (!KEYS.includes(key)) {
      throw new InvalidArgumentError(`backend 'ort': unknown option '${key}' (known: ${KEYS.join(', ')})`);
    }
  }
  const level = raw.graphOptimizationLevel;
  if (level !== undefined && !LEVELS.includes(level as GraphOptimizationLevel)) {
    throw new InvalidArgumentError(
      `backend 'ort': graphOptimizationLevel must be one of ${LEVELS.join(', ')}, got ${String(level)}`,
    );
  }
  const opset = positiveInteger('opset', raw.opset) ?? DEFAULT_OPSET;
  checkOpset(opset);
  const fused = raw.fusedAttention;
  if (fused !== undefined && typeof fused !== 'boolean')
    throw new InvalidArgumentError(
      `backend 'ort': option 'fusedAttention' must be a boolean, got ${String(fused)}`,
    );
  return {
    threads: positiveInteger('threads', raw.threads),
    interOpThreads: positiveInteger('interOpThreads', raw.interOpThreads),
    graphOptimizationLevel: level as GraphOptimizationLevel | undefined,
    opset,
    fusedAttention: fused ?? true,
  };
}

export function sessionOptionsFor(options: OrtBackendOptions, executionProvider: string): OrtSessionOptions {
  return {
    executionProviders: [executionProvider],
    graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
    ...(options.threads !== undefined ? { intraOpNumThreads: options.threads } : {}),
    ...(options.interOpThreads !== undefined ? { interOpNumThreads: options.interOpThreads } : {}),
    // Errors surface as exceptions; ORT's own warnings would only clutter the console.
    logSeverityLevel: 3,
  };
}
