import { castToFloat32 } from '../gpu-rank.js';
import type { RewritePass, RewriteRule } from '../rules/rule.js';

/** A cast to float32 that yields a real float32 buffer on tfjs-webgpu (gpu-rank.ts's castToFloat32). */
const realFloat32Cast: RewriteRule<'Cast'> = (ctx) =>
  ctx.attrs.to === 'float32' ? castToFloat32(ctx.inputs[0]!) : undefined;

export const REAL_FLOAT32_CAST: RewritePass = { name: 'real-float32-cast', rules: { Cast: realFloat32Cast } };
