export * from './all-envs.js';
export * from './describe-conformance.js';
export * from './suite-settings.js';
