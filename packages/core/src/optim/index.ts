export * from './adamw.js';
export * from './clip-grad-norm.js';
export * from './lr-schedule.js';
export * from './optimizer-state.js';
