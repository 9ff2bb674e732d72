import { BackendNotRegisteredError, BackendUnavailableError } from '../errors.js';
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
  const registration = getBackendRegistration(config.backend);
  const device = config.device ?? registration.defaultDevice;
  if (!registration.devices.includes(device)) {
    throw new BackendUnavailableError(
      `backend '${config.backend}' has no device '${device}' (devices: ${registration.devices.join(', ')})`,
    );
  }
  return registration.create({ ...config, device });
}
