import type { SuiteName } from '../args/bench-args.js';
import { decodeSuite } from './decode.js';
import { peersSuite } from './peers.js';
import { prefillSuite } from './prefill.js';
import { rooflineSuite } from './roofline.js';
import type { Suite } from './suite.js';
import { trainSuite } from './train.js';

export const SUITES: Readonly<Record<SuiteName, Suite>> = {
  decode: decodeSuite,
  prefill: prefillSuite,
  roofline: rooflineSuite,
  peers: peersSuite,
  train: trainSuite,
};
