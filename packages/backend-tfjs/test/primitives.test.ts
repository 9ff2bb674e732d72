import { type Backend, createBackend } from '@constant-attention/core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import '../src/index.js';
import { FLOAT32_TOLERANCE } from './support/expect-close.js';
import { HIGH_RANK_CASES } from './support/high-rank-cases.js';
import { PRIMITIVE_CASES } from './support/op-cases.js';
import { seededRandom } from './support/random.js';
import { expectMatchesReference } from './support/run-graph.js';

describe.each(['cpu', 'wasm'])('every primitive op on tfjs %s matches the float64 interpreter', (device) => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await createBackend({ backend: 'tfjs', device });
  });
  afterAll(() => backend.dispose());

  it.each([...PRIMITIVE_CASES, ...HIGH_RANK_CASES].map((c, i) => [c.name, c, i] as const))(
    '%s',
    async (_, c, i) => {
      const tol = { ...FLOAT32_TOLERANCE, rtol: c.rtol ?? FLOAT32_TOLERANCE.rtol };
      await expectMatchesReference(
        backend,
        c.graph,
        c.feeds(seededRandom(1000 + i)),
        `${device} ${c.name}`,
        tol,
      );
    },
  );
});
