export * from './corpus/load-sotu-speeches.js';
export * from './corpus/speech.js';
export * from './corpus/split-sotu.js';
