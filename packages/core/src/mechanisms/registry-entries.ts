/**
 * The one registration point: each line loads a mechanism folder, whose index registers its mechanisms
 * and whose exports become the package's. Adding a mechanism is one line here; every consumer (bench,
 * `pnpm golden`, the conformance suite, the model CLIs) enumerates the registry, never a list of its own.
 */

export * from './heinsen/index.js';
export * from './linear/index.js';
export * from './linear-elu/index.js';
export * from './lln/index.js';
export * from './lln-diag/index.js';
export * from './retention/index.js';
export * from './softmax/index.js';
