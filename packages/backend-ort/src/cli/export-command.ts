import { parseArgs } from 'node:util';
import {
  buildChunkedGraph,
  buildParallelGraph,
  buildStepGraph,
  type Dim,
  type Graph,
  getMechanism,
  InvalidArgumentError,
} from '@constant-attention/core';
import { withDecoderCacheNames } from '../export/decoder-cache-names.js';
import { checkOpset } from '../lower/lower-graph.js';

export const USAGE = `usage: onnx-export <mechanism> --form parallel|chunked|recurrent --out file.onnx
  [--causal] [--from-state] [--batch B] [--heads H] [--dk D] [--dv D] [--seq N] [--chunk C] [--layer L]
  [--opset 17..21]
Dims left out are symbolic: batch -> 'batch', seq -> 'seq'; every form builds over a symbolic seq (the
chunked forms pad to whole chunks in-graph). Defaults: heads 1, dk 16, dv 16, chunk 16.
--from-state makes a prefill model (chunked, or causal parallel) that also takes
past_key_values.<layer>.<state>: the state after earlier tokens, e.g. from a step model.
Recurrent (one-step) models take q, k, v [batch, heads, 1, d] and past_key_values.<layer>.<state>, and return out and
present.<layer>.<state>; causal parallel and chunked (prefill) models return present.<layer>.<state> too.`;

function integer(name: string, value: string | undefined, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`--${name} must be a positive integer, got '${value}'`);
  return n;
}

export function buildExportGraph(argv: readonly string[]): { graph: Graph; out: string; opset?: number } {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      form: { type: 'string' },
      causal: { type: 'boolean', default: false },
      'from-state': { type: 'boolean', default: false },
      batch: { type: 'string' },
      heads: { type: 'string' },
      dk: { type: 'string' },
      dv: { type: 'string' },
      seq: { type: 'string' },
      chunk: { type: 'string' },
      layer: { type: 'string' },
      opset: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new InvalidArgumentError(`expected one mechanism name\n${USAGE}`);
  if (!values.out) throw new InvalidArgumentError(`--out is required\n${USAGE}`);
  const mechanism = getMechanism(positionals[0]!);
  const batch: Dim = integer('batch', values.batch) ?? 'batch';
  const heads = integer('heads', values.heads, 1)!;
  const dk = integer('dk', values.dk, 16)!;
  const dv = integer('dv', values.dv, 16)!;
  const seq: Dim = integer('seq', values.seq) ?? 'seq';
  const opset = integer('opset', values.opset);
  const fromState = values['from-state'];
  if (fromState && (values.form === 'recurrent' || (values.form === 'parallel' && !values.causal)))
    throw new InvalidArgumentError(
      `--from-state needs --form chunked or --form parallel --causal (a recurrent model always takes the state)\n${USAGE}`,
    );
  if (opset !== undefined) checkOpset(opset);
  let graph: Graph;
  switch (values.form) {
    case 'parallel':
      graph = buildParallelGraph(
        mechanism,
        { batch, heads, seqQ: seq, seqK: seq, dk, dv },
        { causal: values.causal, withState: values.causal, fromState },
      );
      break;
    case 'chunked':
      graph = buildChunkedGraph(
        mechanism,
        { batch, heads, seqQ: seq, dk, dv },
        { chunkSize: integer('chunk', values.chunk, 16)!, withState: true, fromState },
      );
      break;
    case 'recurrent':
      graph = buildStepGraph(mechanism, { batch, heads, dk, dv });
      break;
    default:
      throw new InvalidArgumentError(
        `--form must be parallel, chunked or recurrent, got '${values.form ?? ''}'${values.form === 'step' ? " (the one-step form is called 'recurrent')" : ''}\n${USAGE}`,
      );
  }
  return {
    graph: withDecoderCacheNames(graph, integer('layer', values.layer, 0) ?? 0),
    out: values.out,
    opset,
  };
}
