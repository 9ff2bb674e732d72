import { COMPOSITE_OPS, type CompositeOp } from '@constant-attention/core';
import { RULES } from './rules/table.js';

/** Composites lowered by a rule of the table (rules/table.ts says why each other one is expanded). */
export const NATIVE_COMPOSITES: ReadonlySet<CompositeOp> = new Set(COMPOSITE_OPS.filter((op) => RULES[op]));
