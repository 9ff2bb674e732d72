export * from './corpus/load-sotu-speeches.js';
export * from './corpus/speech.js';
export * from './corpus/split-sotu.js';
export * from './corpus/token-array.js';
export * from './corpus/token-cache-file.js';
export * from './corpus/tokenized-split.js';
