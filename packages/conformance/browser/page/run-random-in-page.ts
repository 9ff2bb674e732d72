import {
  type AnyMechanism,
  type Backend,
  type FormRun,
  getMechanism,
  mechanismNames,
  ReferenceBackend,
  runChunked,
  runParallel,
  runRecurrent,
  type Tensor,
} from '@constant-attention/core';
import { compareTensors } from '../../src/golden/compare.js';
import { errorMessage } from '../../src/golden/error-message.js';
import { conformanceOf } from '../../src/suite/conformance-of.js';
import { type AttentionShape, randomAttentionInputs } from '../../src/suite/random-inputs.js';
import { relativeTolerance } from '../../src/suite/suite-settings.js';
import type { RandomCheckPlan, RandomRow } from '../protocol.js';

/** Each form runs once per device even when several checks compare against it. */
function once<T>(run: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= run();
    return pending;
  };
}

const describeShape = (s: AttentionShape) => `b${s.batch} h${s.heads} n${s.seqQ} dk${s.dk} dv${s.dv}`;

async function checkMechanism(
  backend: Backend,
  env: string,
  mechanism: AnyMechanism,
  plan: RandomCheckPlan,
): Promise<RandomRow[]> {
  const oracle = new ReferenceBackend();
  const { shape, chunkSize } = plan;
  const inputs = randomAttentionInputs(shape, plan.seed, { withGate: mechanism.usesGate === true });
  const streaming = conformanceOf(mechanism)?.streaming ?? {};
  const rel = relativeTolerance('float32');
  const rows: RandomRow[] = [];
  const check = async (
    label: string,
    actual: () => Promise<FormRun>,
    expected: () => Promise<FormRun>,
    checkedShape: AttentionShape = shape,
  ) => {
    const where = {
      env,
      mechanism: mechanism.name,
      shape: describeShape(checkedShape),
      check: label,
      tolerance: rel,
    };
    let a: Tensor;
    let e: Tensor;
    try {
      a = (await actual()).out;
      e = (await expected()).out;
    } catch (err) {
      rows.push({
        ...where,
        maxAbsErr: Number.NaN,
        maxRelErr: Number.NaN,
        pass: false,
        reason: errorMessage(err),
      });
      return;
    }
    const outcome = compareTensors(a, e, { rel });
    rows.push({
      ...where,
      maxAbsErr: outcome.maxAbsErr,
      maxRelErr: outcome.maxRelErr,
      pass: outcome.pass,
      ...(outcome.failure ? { reason: outcome.failure } : {}),
    });
  };
  // Streaming options (e.g. LLN's frozen alpha/beta) apply where a recurrent run is compared; the
  // chunked form sees the whole prefix, like the parallel one with default options.
  const formsOn = (b: Backend) => ({
    parallel: once(() => runParallel(b, mechanism, inputs, { causal: true })),
    frozenParallel: once(() => runParallel(b, mechanism, inputs, { ...streaming, causal: true })),
    nonCausal: once(() => runParallel(b, mechanism, inputs, { causal: false })),
    chunked: once(() => runChunked(b, mechanism, inputs, { chunkSize })),
    recurrent: once(() => runRecurrent(b, mechanism, inputs, streaming)),
  });
  const device = formsOn(backend);
  const reference = formsOn(oracle);
  await check('parallel causal vs float64', device.parallel, reference.parallel);
  await check('parallel non-causal vs float64', device.nonCausal, reference.nonCausal);
  await check(`chunked C=${chunkSize} vs float64`, device.chunked, reference.chunked);
  await check('recurrent vs float64', device.recurrent, reference.recurrent);
  // Form agreement on the device itself, independent of the oracle's own forms.
  await check(`chunked C=${chunkSize} vs parallel (same device)`, device.chunked, device.parallel);
  await check('recurrent vs parallel (same device)', device.recurrent, device.frozenParallel);
  const longOptions = conformanceOf(mechanism)?.longSequence;
  if (longOptions) {
    const { shape: longShape, chunkSize: longChunk } = plan.long;
    const longInputs = randomAttentionInputs(longShape, plan.seed, { withGate: mechanism.usesGate === true });
    const longRun = (b: Backend) => () =>
      runChunked(b, mechanism, longInputs, { ...longOptions, chunkSize: longChunk });
    await check(`chunked C=${longChunk} vs float64`, longRun(backend), longRun(oracle), longShape);
  }
  return rows;
}

/** Every registered mechanism: the forms on the device agree and match the float64 interpreter. */
export async function runRandomInPage(
  backend: Backend,
  env: string,
  plan: RandomCheckPlan,
): Promise<RandomRow[]> {
  const rows: RandomRow[] = [];
  for (const name of mechanismNames())
    rows.push(...(await checkMechanism(backend, env, getMechanism(name), plan)));
  return rows;
}
