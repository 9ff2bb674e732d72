import type { SuiteName } from '../args/bench-args.js';
import { decodeSuite } from './decode.js';
import { notImplemented } from './not-implemented.js';
import { prefillSuite } from './prefill.js';
import { rooflineSuite } from './roofline.js';
import type { Suite } from './suite.js';

export const SUITES: Readonly<Record<SuiteName, Suite>> = {
  decode: decodeSuite,
  prefill: prefillSuite,
  roofline: rooflineSuite,
  peers: notImplemented('peers'),
  train: notImplemented('train'),
};
