export * from './all-envs.js';
export * from './describe-conformance.js';
export * from './form-checks.js';
export * from './suite-settings.js';
