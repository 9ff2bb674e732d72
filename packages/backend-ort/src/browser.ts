import { registerBackend } from '@constant-attention/core';
import { BROWSER_REGISTRATION } from './runtime/browser-devices.js';

// Browser entry: never imports onnxruntime-node or node: modules. Registers 'ort' (wasm, webgpu).
registerBackend(BROWSER_REGISTRATION);

export * from './public-api.js';
export { createBrowserOrtBackend } from './runtime/browser-devices.js';
