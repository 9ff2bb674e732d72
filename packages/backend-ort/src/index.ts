import { registerBackend } from '@constant-attention/core';
import { NODE_REGISTRATION } from './runtime/node-devices.js';

// Node entry: importing the package registers backend 'ort' (cpu, cuda, wasm; webgpu errors clearly).
registerBackend(NODE_REGISTRATION);

export { writeOnnxFile } from './export/write-onnx-file.js';
export { ProtobufWriter } from './onnx/protobuf-writer.js';
export * from './public-api.js';
export { createNodeOrtBackend } from './runtime/node-devices.js';
export {
  type OrtProfileSummary,
  type ProfileEntry,
  summarizeOrtProfile,
} from './runtime/ort-profile-summary.js';
