import { createRequire } from 'node:module';

/** The slice of onnxruntime-node's API the peer runs use. */
export interface OrtTensorLike {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}
export interface PeerSession {
  run(feeds: Record<string, OrtTensorLike>): Promise<Record<string, OrtTensorLike>>;
  release(): Promise<void>;
}
export interface OnnxRuntimeNode {
  readonly InferenceSession: {
    create(model: Uint8Array, options?: Record<string, unknown>): Promise<PeerSession>;
  };
  readonly Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensorLike;
}

let loaded: OnnxRuntimeNode | undefined;

/**
 * onnxruntime-node as backend-ort resolves it: the same installed build (1.30) that runs our
 * lowered graphs, so ours and the peer run on one runtime in one process. bench does not depend on
 * onnxruntime-node itself.
 */
export function loadOnnxRuntime(): OnnxRuntimeNode {
  if (!loaded) {
    const fromBench = createRequire(import.meta.url);
    const backendOrt = fromBench.resolve('@constant-attention/backend-ort');
    loaded = createRequire(backendOrt)('onnxruntime-node') as OnnxRuntimeNode;
  }
  return loaded;
}
