export * from './inline-graph.js';
export * from './trainer.js';
export * from './training-step-graph.js';
