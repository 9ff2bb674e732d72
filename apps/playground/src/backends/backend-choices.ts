/** One entry of the backend selector: a registered backend and one of its devices. */
export interface BackendChoice {
  readonly id: string;
  readonly backend: 'ort' | 'tfjs';
  readonly device: 'wasm' | 'webgpu' | 'webgl';
  readonly label: string;
}

const choice = (backend: BackendChoice['backend'], device: BackendChoice['device'], label: string) => ({
  id: `${backend}:${device}`,
  backend,
  device,
  label,
});

export const ORT_WASM = choice('ort', 'wasm', 'ONNX Runtime Web, wasm');
export const ORT_WEBGPU = choice('ort', 'webgpu', 'ONNX Runtime Web, WebGPU');
export const TFJS_WASM = choice('tfjs', 'wasm', 'TensorFlow.js, wasm');
export const TFJS_WEBGL = choice('tfjs', 'webgl', 'TensorFlow.js, WebGL');
export const TFJS_WEBGPU = choice('tfjs', 'webgpu', 'TensorFlow.js, WebGPU');

/** Whether WebGPU gives an adapter here: `navigator.gpu` alone exists in browsers that then give none. */
async function hasWebGpu(): Promise<boolean> {
  const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return false;
  try {
    return (await gpu.requestAdapter()) != null;
  } catch {
    return false;
  }
}

function hasWebGl(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) !== null;
  } catch {
    return false;
  }
}

let available: Promise<BackendChoice[]> | undefined;

/** The wasm choices always; each GPU choice only where this browser offers that GPU API. */
export function availableBackendChoices(): Promise<BackendChoice[]> {
  available ??= (async () => {
    const gpu = await hasWebGpu();
    const gl = hasWebGl();
    return [
      ORT_WASM,
      ...(gpu ? [ORT_WEBGPU] : []),
      TFJS_WASM,
      ...(gl ? [TFJS_WEBGL] : []),
      ...(gpu ? [TFJS_WEBGPU] : []),
    ];
  })();
  return available;
}
