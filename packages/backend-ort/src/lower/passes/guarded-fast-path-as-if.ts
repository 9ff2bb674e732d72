import type { RewritePass, RewriteRule } from '../rules/rule.js';

/**
 * GuardedFastPath as If(guard): the fast input's nodes in the then branch, the exact input's in the else
 * branch, so only one of them runs (core's decomposition computes exact alone). Not on WebGPU, where
 * ORT-web has no If kernel on the GPU and would copy every branch input to the CPU.
 */
const guardedFastPathAsIf: RewriteRule<'GuardedFastPath'> = (ctx) =>
  ctx.emitter.node('If', [ctx.inputs[0]!], {
    then_branch: { kind: 'graph', value: ctx.branch(1, 'fast_path') },
    else_branch: { kind: 'graph', value: ctx.branch(2, 'exact_path') },
  });

export const GUARDED_FAST_PATH_AS_IF: RewritePass = {
  name: 'guarded-fast-path-as-if',
  rules: { GuardedFastPath: guardedFastPathAsIf },
};
