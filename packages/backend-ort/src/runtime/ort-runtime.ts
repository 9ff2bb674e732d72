import type * as OrtWeb from 'onnxruntime-web';

/**
 * The slice of an ONNX Runtime JS package this backend uses. onnxruntime-node and onnxruntime-web
 * both re-export it from onnxruntime-common, so one backend class drives either.
 */
export interface OrtRuntime {
  readonly InferenceSession: typeof OrtWeb.InferenceSession;
  readonly Tensor: typeof OrtWeb.Tensor;
}

export type OrtSession = OrtWeb.InferenceSession;
export type OrtTensor = OrtWeb.Tensor;
export type OrtSessionOptions = OrtWeb.InferenceSession.SessionOptions;
