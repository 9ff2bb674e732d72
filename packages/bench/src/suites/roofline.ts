import { notImplemented } from './not-implemented.js';

export const rooflineSuite = notImplemented('roofline');
