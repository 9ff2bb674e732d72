import { type Backend, type FormName, Tensor } from '@constant-attention/core';
import {
  buildLmPrefillGraph,
  buildLmStepGraph,
  type HeinsenLmConfig,
  heinsenLm,
  type LanguageModel,
  pastStateName,
  readSafetensors,
  safetensorsToFloat32,
} from '@constant-attention/model';
import { type Comparison, type GoldenCase, type GoldenCaseRunner, requireArray } from '../golden-case.js';

/** 3 divides neither the split (12) nor the rest (8), so padded last chunks run on both sides. */
const CHUNK_SIZE = 3;

/** Max abs error of the logits, from shared/golden-lm/README.md. */
const MAX_ABS = { float64: 1e-9, float32: 2e-4 } as const;

function readConfig(golden: GoldenCase): HeinsenLmConfig {
  const c = golden.header.config ?? {};
  return {
    vocab: c.vocab_sz,
    dEmb: c.d_emb,
    layers: c.n_layers,
    heads: c.n_heads,
    dKey: c.d_key,
    dVal: c.d_val,
  };
}

function readInt(golden: GoldenCase, field: string): number {
  const value = golden.header[field];
  if (!Number.isSafeInteger(value)) throw new Error(`${golden.name}: header.${field} is not an integer`);
  return value;
}

type Params = Record<string, Tensor>;

/** Two significant digits, rounded down, so the table stays readable and the bound no looser. */
function roundDown(x: number): number {
  const unit = 10 ** (Math.floor(Math.log10(x)) - 1);
  return Number((Math.floor(x / unit) * unit).toPrecision(2));
}

async function runLogits(backend: Backend, graph: ReturnType<typeof buildLmStepGraph>, feeds: Params) {
  const exe = await backend.compile(graph);
  try {
    return await exe.run(feeds);
  } finally {
    await exe.dispose();
  }
}

const carried = (out: Record<string, Tensor>) =>
  Object.fromEntries(
    Object.entries(out)
      .filter(([n]) => n.startsWith('present_state.'))
      .map(([n, v]) => [pastStateName(n.slice('present_state.'.length)), v]),
  );

/** The full pass over token rows [batch, from..to), optionally continuing from a state; logits rows. */
async function prefill(
  backend: Backend,
  model: LanguageModel,
  params: Params,
  ids: Tensor,
  range: [number, number],
  chunkSize: number,
  state?: Params,
) {
  const [batch, n] = ids.shape as [number, number];
  const [from, to] = range;
  const rows: number[] = [];
  for (let b = 0; b < batch; b++) for (let t = from; t < to; t++) rows.push(Number(ids.data[b * n + t]));
  const graph = buildLmPrefillGraph(
    model,
    { batch, seq: to - from, chunkSize },
    { fromState: state !== undefined },
  );
  return runLogits(backend, graph, { ...params, ...state, tokens: Tensor.int32(rows, [batch, to - from]) });
}

/**
 * The Heinsen paper's generative model (format 'heinsen-lm-golden/1'): the reference's weights from
 * model.safetensors, run as the `heinsen-lm` preset. parallel: one full pass. chunked: chunks of 3, in
 * two calls split at header.split with the state carried between them. recurrent: token by token from
 * the empty state (-inf log sums, zero position).
 */
export const heinsenLmGoldenRunner: GoldenCaseRunner = {
  format: 'heinsen-lm-golden/1',
  mechanism: 'heinsen-lm',

  forms: () => ['parallel', 'chunked', 'recurrent'],

  async run(backend: Backend, form: FormName, golden: GoldenCase, precision): Promise<readonly Comparison[]> {
    if (!golden.readAttachment) throw new Error(`${golden.name}: the weights file cannot be read here`);
    const weightsName = golden.header.weights;
    if (typeof weightsName !== 'string') throw new Error(`${golden.name}: header.weights is not a file name`);
    const model = heinsenLm(readConfig(golden));
    const stored = safetensorsToFloat32(
      readSafetensors(await golden.readAttachment(weightsName), weightsName),
    );
    // The reference ran in float64 on these float32 values widened; the interpreter does the same.
    const params: Params = Object.fromEntries(
      Object.entries(stored).map(([k, t]) => [
        k,
        precision === 'float64' ? Tensor.float64(t.data, t.shape) : t,
      ]),
    );
    const ids = requireArray(golden, 'inputs.token_ids');
    const expected = requireArray(golden, 'outputs.logits');
    const [batch, n] = ids.shape as [number, number];
    const vocab = model.vocab;
    const logits = new Float64Array(batch * n * vocab);
    const place = (out: Tensor, from: number, count: number) => {
      for (let b = 0; b < batch; b++)
        for (let t = 0; t < count; t++)
          for (let v = 0; v < vocab; v++)
            logits[(b * n + from + t) * vocab + v] = Number(out.data[(b * count + t) * vocab + v]);
    };
    if (form === 'parallel') place((await prefill(backend, model, params, ids, [0, n], n)).logits!, 0, n);
    else if (form === 'chunked') {
      const split = readInt(golden, 'split');
      const first = await prefill(backend, model, params, ids, [0, split], CHUNK_SIZE);
      place(first.logits!, 0, split);
      const rest = await prefill(backend, model, params, ids, [split, n], CHUNK_SIZE, carried(first));
      place(rest.logits!, split, n - split);
    } else {
      const step = await backend.compile(buildLmStepGraph(model, batch));
      try {
        let state: Params = Object.fromEntries(
          model
            .stateSpecs(batch)
            .map((s) => [pastStateName(s.name), Tensor.full(s.shape as number[], s.initial)]),
        );
        for (let t = 0; t < n; t++) {
          const column = Array.from({ length: batch }, (_, b) => Number(ids.data[b * n + t]));
          const out = await step.run({ ...params, ...state, input_ids: Tensor.int32(column, [batch, 1]) });
          place(out.logits!, t, 1);
          state = carried(out);
        }
      } finally {
        await step.dispose();
      }
    }
    let largest = 1;
    for (let i = 0; i < expected.size; i++) largest = Math.max(largest, Math.abs(Number(expected.data[i])));
    // The README bounds the absolute error; rel * max(1, |e|) <= that bound for every entry.
    const tolerance = { rel: roundDown(MAX_ABS[precision] / largest) };
    return [{ name: 'logits', actual: Tensor.float64(logits, expected.shape), expected, tolerance }];
  },
};
