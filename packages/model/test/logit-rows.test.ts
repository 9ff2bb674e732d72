import { evaluate, GraphBuilder, Tensor } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { declareLmParams, gptLm, heinsenLm, initParams, type LanguageModel } from '../src/index.js';

const [BATCH, SEQ] = [2, 5];
const rows = [
  [4, 0, 2],
  [5, 9, 7],
];

/** logitRows picks batch * seq positions before the head: the same numbers as the full logits there. */
function check(model: LanguageModel): void {
  const params = initParams(model.paramSpecs(), 3);
  const tokens = new Tensor(
    'int32',
    [BATCH, SEQ],
    Int32Array.from({ length: BATCH * SEQ }, (_, i) => (i * 7) % model.vocab),
  );
  const b = new GraphBuilder();
  const p = declareLmParams(b, model);
  const t = b.input('tokens', 'int32', [BATCH, SEQ]);
  const r = b.input('rows', 'int32', [BATCH, 3]);
  const full = model.forward(b, p, t).logits;
  const picked = model.forward(b, p, t, { logitRows: r }).logits;
  const out = evaluate(b.build({ full, picked }), {
    ...params,
    tokens,
    rows: new Tensor('int32', [BATCH, 3], Int32Array.from(rows.flat())),
  });
  expect(out.picked!.shape).toEqual([BATCH, 3, model.vocab]);
  rows.flat().forEach((row, i) => {
    const want = out.full!.data.subarray(row * model.vocab, (row + 1) * model.vocab);
    const got = out.picked!.data.subarray(i * model.vocab, (i + 1) * model.vocab);
    expect(Array.from(got)).toEqual(Array.from(want));
  });
}

describe('LmForwardOptions.logitRows', () => {
  it('gives the full pass logits at the chosen positions (gpt)', () => {
    check(gptLm({ vocab: 11, seq: SEQ, dModel: 8, heads: 2, layers: 1, mechanism: 'softmax' }));
  });
  it('gives the full pass logits at the chosen positions (heinsen-lm)', () => {
    check(heinsenLm({ vocab: 11, dEmb: 8, layers: 1, heads: 2, dKey: 4, dVal: 4 }));
  });
});
