import { flatSlice } from '../flat-slice.js';
import type { RewritePass, RewriteRule } from '../rules/rule.js';
import { sliceWindow } from '../rules/slice.js';
import { viaInt32IfBool } from '../rules/via-int32.js';

/** Slices through 2-D views on the CPU devices, where tfjs's rank >= 5 slice is a per-element loop (flat-slice.ts). */
const flat: RewriteRule<'Slice'> = (ctx) => {
  const { begin, sizes } = sliceWindow(ctx);
  return viaInt32IfBool(ctx.inputs[0]!, (t) => flatSlice(t, begin, sizes));
};

export const FLAT_SLICE: RewritePass = { name: 'flat-slice', rules: { Slice: flat } };
