import { describe, expect, it } from 'vitest';
import { type BackendConfig, createBackend, InvalidArgumentError } from '../../src/index.js';

describe('createBackend checks the shape of its config', () => {
  it.each([
    [null, 'config must be an object'],
    [undefined, 'config must be an object'],
    ['ort', "config must be an object like { backend: 'ort', device: 'cpu' }, got 'ort'"],
    [{}, 'config.backend must be a backend name, got undefined'],
    [{ backend: 3 }, 'config.backend must be a backend name, got 3'],
    [{ backend: 'reference', device: 1 }, 'config.device must be a string'],
    [{ backend: 'reference', options: 'fast' }, 'config.options must be an object'],
  ])('%j is an InvalidArgumentError', async (config, message) => {
    const err = await createBackend(config as unknown as BackendConfig).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message).toContain(message);
  });
});
