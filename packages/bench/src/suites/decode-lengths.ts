/** 256, 512, ..., 65536. */
export const FULL_DECODE_LENGTHS = Array.from({ length: 9 }, (_, i) => 256 * 2 ** i);
export const QUICK_DECODE_LENGTHS = [512, 4096, 65536];
/** --quick builds constant-size states from at most this many real tokens (see context-state.ts). */
export const QUICK_PREFIX_CAP = 1024;
export const FULL_PREFIX_CAP = Number.POSITIVE_INFINITY;
