import type { OpName } from '@constant-attention/core';
import type * as tf from '@tensorflow/tfjs-core';
import type { DeviceProfile } from './profiles/device-profile.js';
import { MissingLoweringRuleError } from './rules/missing-rule-error.js';
import type { LoweringRule, RewriteRule, RuleContext } from './rules/rule.js';
import { RULES } from './rules/table.js';

/** Runs one op: the profile's passes in order, then the rule table. */
export function runRule<Op extends OpName>(profile: DeviceProfile, ctx: RuleContext<Op>): tf.Tensor {
  for (const pass of profile.passes) {
    const rewrite = pass.rules[ctx.op] as RewriteRule<Op> | undefined;
    const out = rewrite?.(ctx);
    if (out !== undefined) return out;
  }
  const rule = RULES[ctx.op] as LoweringRule<Op> | undefined;
  if (!rule) throw new MissingLoweringRuleError(ctx.op, profile.name);
  return rule(ctx);
}
