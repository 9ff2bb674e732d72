import * as tf from '@tensorflow/tfjs-core';
import type { LoweringRule, RuleContext } from './rule.js';
import { viaInt32IfBool } from './via-int32.js';

export const padPairs = (ctx: RuleContext<'Pad'>): [number, number][] =>
  ctx.attrs.pads.map(([before, after]) => [before, after] as [number, number]);

export const pad: LoweringRule<'Pad'> = (ctx) =>
  viaInt32IfBool(ctx.inputs[0]!, (t) => tf.pad(t, padPairs(ctx), ctx.attrs.value));
