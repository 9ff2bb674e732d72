export * from './golden/golden-case.js';
export * from './golden/load-golden.js';
