import { kernelCost } from '../linear/cost.js';
import type { MechanismCost } from '../mechanism.js';

/** Kernel attention with a feature normalizer (r = 1 in ../linear/cost.ts, which states the formulas). */
export const linearEluCost: MechanismCost = kernelCost(1);
