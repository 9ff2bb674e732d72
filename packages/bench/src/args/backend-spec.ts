import { type BackendConfig, getBackendRegistration, InvalidArgumentError } from '@constant-attention/core';

/** `ort:cpu` -> { backend: 'ort', device: 'cpu' }; a bare `ort` means the backend's default device. */
export function parseBackendSpec(spec: string): BackendConfig & { readonly device: string } {
  const [backend, device, ...rest] = spec.split(':');
  if (!backend || rest.length > 0 || device === '') {
    throw new InvalidArgumentError(
      `--backends: '${spec}' is not of the form <backend>:<device>, e.g. ort:cpu`,
    );
  }
  // Throws BackendNotRegisteredError naming the registered backends.
  const registration = getBackendRegistration(backend);
  const resolved = device ?? registration.defaultDevice;
  if (!registration.devices.includes(resolved)) {
    throw new InvalidArgumentError(
      `--backends: backend '${backend}' has no device '${resolved}' (devices: ${registration.devices.join(', ')})`,
    );
  }
  return { backend, device: resolved };
}

export function backendLabel(config: { readonly backend: string; readonly device?: string }): string {
  return `${config.backend}:${config.device ?? ''}`;
}
