export { PAST_PREFIX, PRESENT_PREFIX, withDecoderCacheNames } from './export/decoder-cache-names.js';
export { type ExportOptions, exportOnnx } from './export/export-onnx.js';
export { DEFAULT_OPSET, type LowerOptions, lowerGraph, MAX_OPSET, MIN_OPSET } from './lower/lower-graph.js';
export { nativeComposites } from './lower/native-composites.js';
export { encodeModel } from './onnx/encode-model.js';
export type { OnnxModel } from './onnx/onnx-types.js';
export type { GraphOptimizationLevel, OrtBackendOptions } from './runtime/backend-options.js';
export { OrtBackend } from './runtime/ort-backend.js';
export { OrtDeviceTensor } from './runtime/ort-device-tensor.js';
