/**
 * The one registration point: each line loads a mechanism folder, whose index registers its mechanisms
 * and whose exports become the package's. Adding a mechanism is one line here. The order is the
 * registry's, and so the order of the bench's columns and of `pnpm golden`'s naive rows.
 */

export * from './heinsen/index.js';
export * from './linear/index.js';
export * from './linear-elu/index.js';
export * from './lln/index.js';
export * from './lln-diag/index.js';
export * from './softmax/index.js';
