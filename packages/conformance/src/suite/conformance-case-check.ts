import {
  type Backend,
  type ConformanceCase,
  ReferenceBackend,
  runChunked,
  runParallel,
} from '@constant-attention/core';
import { assertClose } from './assert-close.js';
import type { FormCheckContext } from './form-checks.js';

const oracle = new ReferenceBackend();

/** One of the unit's own cases (`conformance.cases`): its form on the backend against the float64 oracle. */
export async function checkConformanceCase(ctx: FormCheckContext, c: ConformanceCase<object>): Promise<void> {
  const { mechanism } = ctx;
  const run = async (b: Backend) => {
    if (c.form === 'parallel') {
      return runParallel(b, mechanism, c.inputs, { ...c.options, causal: c.options.causal ?? true });
    }
    if (c.options.chunkSize === undefined)
      throw new Error(`${mechanism.name}: case '${c.title}' needs chunkSize`);
    return runChunked(b, mechanism, c.inputs, { ...c.options, chunkSize: c.options.chunkSize });
  };
  assertClose((await run(ctx.backend)).out, (await run(oracle)).out, ctx.rel, `${mechanism.name} ${c.title}`);
}
