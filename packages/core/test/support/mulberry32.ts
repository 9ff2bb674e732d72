export { mulberry32 } from '../../src/random/mulberry32.js';
