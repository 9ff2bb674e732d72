import { BackendNotRegisteredError, BackendUnavailableError, InvalidArgumentError } from '../errors.js';
import type { Backend, BackendConfig, BackendRegistration } from './backend.js';

const registry = new Map<string, BackendRegistration>();

/** Registers a backend by name; re-registering a name replaces it (so hot reloads and tests behave). */
export function registerBackend(registration: BackendRegistration): void {
  registry.set(registration.name, registration);
}

export function registeredBackends(): readonly BackendRegistration[] {
  return [...registry.values()];
}

export function getBackendRegistration(name: string): BackendRegistration {
  const registration = registry.get(name);
  if (!registration) {
    const known = [...registry.keys()].join(', ') || 'none';
    throw new BackendNotRegisteredError(
      `backend '${name}' is not registered (registered: ${known}); import its package, e.g. '@constant-attention/backend-${name}'`,
    );
  }
  return registration;
}

/** Creates the backend a config names. An unknown device is a BackendUnavailableError, never a silent fallback. */
export async function createBackend(config: BackendConfig): Promise<Backend> {
  checkConfig(config);
  const registration = getBackendRegistration(config.backend);
  const device = config.device ?? registration.defaultDevice;
  if (!registration.devices.includes(device)) {
    throw new BackendUnavailableError(
      `backend '${config.backend}' has no device '${device}' (devices: ${registration.devices.join(', ')})`,
    );
  }
  return registration.create({ ...config, device });
}

/** Configs often come from JSON or a CLI, so their shape is checked here rather than trusted to the types. */
function checkConfig(config: unknown): asserts config is BackendConfig {
  const shown = (x: unknown) => (typeof x === 'string' ? `'${x}'` : String(JSON.stringify(x) ?? x));
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    throw new InvalidArgumentError(
      `createBackend: config must be an object like { backend: 'ort', device: 'cpu' }, got ${shown(config)}`,
    );
  const { backend, device, options } = config as Record<string, unknown>;
  if (typeof backend !== 'string' || backend === '')
    throw new InvalidArgumentError(
      `createBackend: config.backend must be a backend name, got ${shown(backend)}`,
    );
  if (device !== undefined && typeof device !== 'string')
    throw new InvalidArgumentError(`createBackend: config.device must be a string, got ${shown(device)}`);
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options)))
    throw new InvalidArgumentError(`createBackend: config.options must be an object, got ${shown(options)}`);
}
