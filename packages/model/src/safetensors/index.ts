export * from './read-safetensors.js';
export * from './safetensors-contents.js';
export * from './safetensors-dtype.js';
export * from './safetensors-to-float32.js';
export * from './write-safetensors.js';
