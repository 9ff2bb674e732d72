import { BackendUnavailableError } from '@constant-attention/core';
import * as tf from '@tensorflow/tfjs-core';
import { nodeWasmDirectory } from '#platform';
import { isNode, type TfjsBackendOptions, type TfjsDevice } from './tfjs-device.js';

/** Each device's tfjs backend package is imported only when that device is first asked for. */
async function registerDevice(device: TfjsDevice, options: TfjsBackendOptions): Promise<void> {
  switch (device) {
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const paths = options.wasmPaths ?? (isNode() ? await nodeWasmDirectory() : undefined);
      if (paths !== undefined) wasm.setWasmPaths(paths as string);
      if (options.wasmThreads !== undefined) wasm.setThreadsCount(options.wasmThreads);
      return;
    }
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      return;
    case 'webgpu':
      await import('@tensorflow/tfjs-backend-webgpu');
      return;
  }
}

function unavailable(device: TfjsDevice, why: string, cause?: unknown): BackendUnavailableError {
  const where = isNode() ? ' In Node only tfjs devices cpu and wasm work (tfjs-node is not used).' : '';
  return new BackendUnavailableError(`tfjs device '${device}' cannot start: ${why}.${where}`, { cause });
}

async function initialize(device: TfjsDevice, options: TfjsBackendOptions): Promise<void> {
  try {
    await registerDevice(device, options);
  } catch (err) {
    throw unavailable(device, `loading @tensorflow/tfjs-backend-${device} failed (${String(err)})`, err);
  }
  // webgl and webgpu register themselves only where the browser offers WebGL / WebGPU.
  if (!tf.findBackendFactory(device)) {
    throw unavailable(device, `this environment has no ${device === 'webgl' ? 'WebGL' : 'WebGPU'}`);
  }
  const previous = tf.engine().backendName;
  let started = false;
  let failure: unknown;
  try {
    started = await tf.setBackend(device);
    await tf.ready();
  } catch (err) {
    failure = err;
  }
  if (!started || failure !== undefined) {
    // tfjs leaves its active backend name pointing at the failed one; put the previous one back.
    if (previous && previous !== device && tf.findBackendFactory(previous)) {
      await tf.setBackend(previous).catch(() => undefined);
    }
    throw unavailable(
      device,
      `tfjs could not initialize its '${device}' backend${failure ? ` (${String(failure)})` : ''}`,
      failure,
    );
  }
}

const initializing = new Map<TfjsDevice, Promise<void>>();
/** Starts still under way: while tfjs initializes a backend asynchronously, every tfjs op throws. */
const inFlight = new Set<Promise<void>>();

/**
 * Loads and initializes a device's tfjs backend once (concurrent callers share the attempt; a failed
 * attempt is forgotten so a later call can retry).
 */
export function initializeDevice(device: TfjsDevice, options: TfjsBackendOptions = {}): Promise<void> {
  let pending = initializing.get(device);
  if (!pending) {
    const started = initialize(device, options);
    pending = started;
    initializing.set(device, started);
    inFlight.add(started);
    started.then(
      () => inFlight.delete(started),
      () => {
        inFlight.delete(started);
        initializing.delete(device);
      },
    );
  }
  return pending;
}

/**
 * Resolves once no device start is under way. Callers then switch devices and issue their ops without
 * awaiting in between, so no start can begin in the middle.
 */
export async function devicesSettled(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
}

/**
 * Makes `device` tfjs's active backend. tfjs has ONE global active backend, so every executable calls
 * this synchronously right before running its ops: once a backend is initialized tf.setBackend takes
 * effect synchronously, so no other run can interleave between the switch and the (synchronous) ops.
 */
export function useDevice(device: TfjsDevice): void {
  if (tf.engine().backendName === device && tf.engine().registry[device]) return;
  if (!tf.engine().registry[device]) {
    throw new BackendUnavailableError(
      `tfjs device '${device}' was not initialized; await initializeDevice first`,
    );
  }
  void tf.setBackend(device);
  if (tf.engine().backendName !== device) {
    throw new BackendUnavailableError(`tfjs did not switch its active backend to '${device}'`);
  }
}

/** Initializes (once) and activates a device. */
export async function activateDevice(device: TfjsDevice, options: TfjsBackendOptions = {}): Promise<void> {
  await initializeDevice(device, options);
  await devicesSettled();
  useDevice(device);
}
