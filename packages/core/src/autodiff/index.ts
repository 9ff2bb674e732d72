export { GRADIENT_PREFIX, type GradOptions, grad, gradientName, valueAndGrad } from './grad.js';
export type { VjpContext, VjpRule, VjpRules } from './vjp-rule.js';
export { VJP_RULES } from './vjp-rules.js';
