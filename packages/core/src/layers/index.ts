export * from './embedding.js';
export * from './feed-forward.js';
export * from './heads.js';
export * from './linear-projection.js';
export * from './multi-head-attention.js';
export * from './transformer-block.js';
