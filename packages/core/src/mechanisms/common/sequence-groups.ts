import type { GraphBuilder, Value } from '../../ir/builder.js';
import type { AttentionInputs, FormOutput, StateValues } from '../mechanism.js';

/**
 * Tokens per sequence group of a chunked graph where the caller names none: heinsen's measured choice
 * (its chunked.ts), which every constant-state mechanism's chunked graph now shares.
 */
export const SEQUENCE_GROUP_TOKENS = 2048;

type GroupRun = (
  inputs: AttentionInputs,
  initialState: StateValues | undefined,
) => FormOutput & { readonly state: StateValues };

/**
 * Runs a chunked form over consecutive groups of `groupTokens` tokens, each group continuing from the
 * state the one before it left. The math is the same as one pass over all tokens (the state is the
 * exact prefix), but each group's intermediates are a group's size: a runtime that runs a graph in
 * depth-first order from its outputs (ORT does) finishes one group before it starts the next (ORT CPU,
 * n = 65536, H = 8, d = 64, first run's peak RSS growth: heinsen 1.7 GB in one pass, 0.69 GB in groups
 * of 2048 tokens; linear 2.1 GiB, 0.55 GiB).
 */
export function inSequenceGroups(
  b: GraphBuilder,
  inputs: AttentionInputs,
  groupTokens: number,
  initialState: StateValues | undefined,
  run: GroupRun,
): FormOutput & { readonly state: StateValues } {
  const n = inputs.q.dim(2) as number;
  if (n <= groupTokens) return run(inputs, initialState);
  const outs: Value[] = [];
  let state = initialState;
  for (let start = 0; start < n; start += groupTokens) {
    const end = Math.min(n, start + groupTokens);
    const part = (x: Value) => b.slice(x, [2], [start], [end]);
    const group = run(
      {
        q: part(inputs.q),
        k: part(inputs.k),
        v: part(inputs.v),
        ...(inputs.gate ? { gate: part(inputs.gate) } : {}),
      },
      state,
    );
    outs.push(group.out);
    state = group.state;
  }
  // Each group's output is moved after all groups, the first group's last, so that ORT (which enters a
  // node's highest-index input first) finishes group 0's output before it builds group 1, and so on.
  // In build order it entered the last group's output first: it ran the whole state chain first and
  // kept what every group's output shares with its state (the k and v slices, the scaled keys) alive.
  for (let g = outs.length - 1; g >= 0; g--) b.moveToEnd(outs[g]!);
  return { out: b.concat(outs, 2), state: state! };
}
