import type { OpName } from '@constant-attention/core';
import type { DeviceProfile } from './profiles/device-profile.js';
import { MissingLoweringRuleError } from './rules/missing-rule-error.js';
import type { LoweringRule, RewriteRule, RuleContext, RuleTable } from './rules/rule.js';
import { rulesFor } from './rules/table.js';

/** The rule table of one opset with one device profile's passes in front of it. */
export class RuleSet {
  private readonly table: RuleTable;

  constructor(
    opset: number,
    readonly profile: DeviceProfile,
  ) {
    this.table = rulesFor(opset);
  }

  /** Whether some rule lowers `op`; a composite without one is expanded with core's decomposition. */
  has(op: OpName): boolean {
    return this.table[op] !== undefined || this.profile.passes.some((p) => p.rules[op] !== undefined);
  }

  lower<Op extends OpName>(ctx: RuleContext<Op>): string {
    for (const pass of this.profile.passes) {
      const rewrite = pass.rules[ctx.op] as RewriteRule<Op> | undefined;
      const out = rewrite?.(ctx);
      if (out !== undefined) return out;
    }
    const rule = this.table[ctx.op] as LoweringRule<Op> | undefined;
    if (!rule) throw new MissingLoweringRuleError(ctx.op, this.profile.name);
    return rule(ctx);
  }
}
