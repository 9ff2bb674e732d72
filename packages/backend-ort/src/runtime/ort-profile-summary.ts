import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MalformedFileError } from '@constant-attention/core';

/** Kernel time of one op type, or of one node, summed over every run the profile holds. */
export interface ProfileEntry {
  readonly us: number;
  readonly count: number;
  readonly op: string;
  /** The node's output (or input) shapes as ORT recorded them; for one node only. */
  readonly shapes?: string;
}

export interface OrtProfileSummary {
  readonly file: string;
  readonly totalUs: number;
  /** Op type -> time, largest first. */
  readonly byOp: readonly ProfileEntry[];
  /** Node -> time, largest first. */
  readonly byNode: readonly (ProfileEntry & { readonly node: string })[];
}

interface ProfileEvent {
  readonly cat?: string;
  readonly name?: string;
  readonly dur?: number;
  readonly args?: {
    readonly op_name?: string;
    readonly output_type_shape?: unknown;
    readonly input_type_shape?: unknown;
  };
}

/**
 * The newest profile ORT wrote for `prefix` (onnxruntime-node's `endProfiling` returns no path, and the
 * file name carries a timestamp), summed per op type and per node over its kernel events.
 */
export function summarizeOrtProfile(prefix: string): OrtProfileSummary {
  const dir = dirname(prefix);
  const newest = readdirSync(dir)
    .filter((f) => f.startsWith(basename(prefix)) && f.endsWith('.json'))
    .sort()
    .at(-1);
  if (!newest) throw new MalformedFileError(`no ONNX Runtime profile ${prefix}*.json in ${dir}`);
  const file = join(dir, newest);
  let events: ProfileEvent[];
  try {
    events = JSON.parse(readFileSync(file, 'utf8')) as ProfileEvent[];
  } catch {
    throw new MalformedFileError(`${file}: not an ONNX Runtime profile (not JSON)`);
  }
  if (!Array.isArray(events))
    throw new MalformedFileError(`${file}: not an ONNX Runtime profile (no event list)`);
  const byOp = new Map<string, { us: number; count: number }>();
  const byNode = new Map<string, { us: number; count: number; op: string; shapes: string }>();
  let totalUs = 0;
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name?.endsWith('_kernel_time') || typeof e.dur !== 'number') continue;
    const op = e.args?.op_name ?? '?';
    const perOp = byOp.get(op) ?? { us: 0, count: 0 };
    perOp.us += e.dur;
    perOp.count += 1;
    byOp.set(op, perOp);
    const perNode = byNode.get(e.name) ?? {
      us: 0,
      count: 0,
      op,
      shapes: JSON.stringify(e.args?.output_type_shape ?? e.args?.input_type_shape ?? null),
    };
    perNode.us += e.dur;
    perNode.count += 1;
    byNode.set(e.name, perNode);
    totalUs += e.dur;
  }
  return {
    file,
    totalUs,
    byOp: [...byOp].map(([op, v]) => ({ op, ...v })).sort((a, b) => b.us - a.us),
    byNode: [...byNode].map(([node, v]) => ({ node, ...v })).sort((a, b) => b.us - a.us),
  };
}
