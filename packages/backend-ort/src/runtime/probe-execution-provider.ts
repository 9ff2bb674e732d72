import { BackendUnavailableError, GraphBuilder } from '@constant-attention/core';
import { exportOnnx } from '../export/export-onnx.js';
import type { OrtRuntime } from './ort-runtime.js';

/**
 * Loads a one-node model on `provider` so an unavailable execution provider (no CUDA libraries, no
 * WebGPU adapter) fails when the backend is created, with a clear error, rather than at first run.
 */
export async function probeExecutionProvider(
  runtime: OrtRuntime,
  device: string,
  provider: string,
): Promise<void> {
  const b = new GraphBuilder();
  const bytes = exportOnnx(b.build({ y: b.neg(b.input('x', 'float32', [1])) }), { name: 'probe' });
  try {
    const session = await runtime.InferenceSession.create(bytes, {
      executionProviders: [provider],
      logSeverityLevel: 4,
    });
    await session.release();
  } catch (cause) {
    throw new BackendUnavailableError(
      `backend 'ort': device '${device}' is not available here (the ${provider} execution provider failed to load: ${String(cause)})`,
      { cause },
    );
  }
}
