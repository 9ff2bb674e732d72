import {
  buildChunkedGraph,
  heinsenLogMechanism,
  runChunked,
  runParallel,
  runRecurrent,
  Tensor,
} from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { ortBackend, TEST_DEVICES } from './support/backends.js';

const NEG_INF = Number.NEGATIVE_INFINITY;

function lse(xs: readonly number[]): number {
  const m = Math.max(...xs);
  return m === NEG_INF ? m : m + Math.log(xs.reduce((s, x) => s + Math.exp(x - m), 0));
}

/** The definition in float64 loops, [1, 1, n, d] inputs: log o_iv = LSE_j(s_ij + logV_jv) - LSE_j(s_ij). */
function definition(q: Tensor, k: Tensor, logV: Tensor, causal: boolean): number[] {
  const [n, nk, dk, dv] = [q.shape[2]!, k.shape[2]!, q.shape[3]!, logV.shape[3]!];
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = Array.from({ length: causal ? i + 1 : nk }, (_, j) =>
      lse(Array.from({ length: dk }, (_, d) => q.data[i * dk + d]! + k.data[j * dk + d]!)),
    );
    for (let v = 0; v < dv; v++) out.push(lse(s.map((sj, j) => sj + logV.data[j * dv + v]!)) - lse(s));
  }
  return out;
}

function expectDefinition(actual: Tensor, expected: readonly number[], what: string) {
  expected.forEach((e, i) => {
    const a = actual.data[i]!;
    if (e === NEG_INF) expect(a, `${what} [${i}]`).toBe(NEG_INF);
    else
      expect(Math.abs(a - e), `${what} [${i}]: got ${a}, expected ${e}`).toBeLessThan(
        1e-4 * Math.max(1, Math.abs(e)),
      );
  });
}

/** Deterministic uniform float32 tensor [1, 1, n, d]. */
function uniform(seed: number, n: number, d: number, lo: number, hi: number): Tensor {
  let x = seed >>> 0;
  const next = () => {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return (x ^ (x >>> 12)) / 2 ** 32;
  };
  return Tensor.float32(
    Float32Array.from({ length: n * d }, () => lo + (hi - lo) * next()),
    [1, 1, n, d],
  );
}

describe.each(TEST_DEVICES)(
  'log-space heinsen on ORT %s at large log-V spreads (issue 18, item 2)',
  (device) => {
    it("the README's input: q = [30], k = [30, -90], log V = [-200, 0] gives -120, not -inf", async () => {
      const backend = await ortBackend(device);
      const q = Tensor.float32([30], [1, 1, 1, 1]);
      const k = Tensor.float32([30, -90], [1, 1, 2, 1]);
      const logV = Tensor.float32([-200, 0], [1, 1, 2, 1]);
      const expected = definition(q, k, logV, false);
      expect(expected[0]).toBeCloseTo(-120, 6);
      const run = await runParallel(backend, heinsenLogMechanism, { q, k, v: logV }, { causal: false });
      expectDefinition(run.out, expected, 'parallel');
    });

    it('every causal form, where a chunk holds the same keys', async () => {
      const backend = await ortBackend(device);
      const shape = [1, 1, 4, 1];
      const q = Tensor.float32([30, 30, 30, 30], shape);
      const k = Tensor.float32([30, -90, 30, -90], shape);
      const logV = Tensor.float32([-200, 0, -200, 0], shape);
      const expected = definition(q, k, logV, true);
      const inputs = { q, k, v: logV };
      expectDefinition(
        (await runParallel(backend, heinsenLogMechanism, inputs, { causal: true })).out,
        expected,
        'parallel',
      );
      expectDefinition(
        (await runChunked(backend, heinsenLogMechanism, inputs, { chunkSize: 2 })).out,
        expected,
        'chunked',
      );
      expectDefinition(
        (await runRecurrent(backend, heinsenLogMechanism, inputs, {})).out,
        expected,
        'recurrent',
      );
    });

    /**
     * Random inputs [1, 1, 37, d]. `adversarial` alternates heavy keys (k ~ U(20, 40)) holding tiny V
     * (log V ~ U(-300, -250)) with light keys (k ~ U(-100, -80)) holding V near 1, as in the README's
     * input, with some V of 0; otherwise q, k ~ U(-3, 3) and log V ~ U(-5, 5).
     */
    function randomCase(seed: number, adversarial: boolean) {
      const [n, dk, dv] = [37, 2, 3];
      const noise = (s: number, d: number) => uniform(s, n, d, 0, 1).data;
      const [qn, kn, vn] = [noise(seed, dk), noise(seed + 100, dk), noise(seed + 200, dv)];
      const heavy = (i: number, d: number) => Math.floor(i / d) % 2 === 0;
      const q = Float32Array.from(qn, (x) => (adversarial ? 20 + 20 * x : -3 + 6 * x));
      const k = Float32Array.from(kn, (x, i) => {
        if (!adversarial) return -3 + 6 * x;
        return heavy(i, dk) ? 20 + 20 * x : -100 + 20 * x;
      });
      const v = Float32Array.from(vn, (x, i) => {
        if (!adversarial) return -5 + 10 * x;
        if (i % 7 === 0) return NEG_INF;
        return heavy(i, dv) ? -300 + 50 * x : -5 * x;
      });
      return {
        q: Tensor.float32(q, [1, 1, n, dk]),
        k: Tensor.float32(k, [1, 1, n, dk]),
        v: Tensor.float32(v, [1, 1, n, dv]),
      };
    }

    it.each([
      ['typical magnitudes (GEMMs that are exact)', false],
      ['heavy keys with tiny V, light keys with V near 1 (GEMMs that underflow)', true],
    ])('random inputs, %s: every form equals the definition', async (_, adversarial) => {
      const backend = await ortBackend(device);
      for (let seed = 1; seed <= 4; seed++) {
        const inputs = randomCase(seed, adversarial);
        const { q, k, v: logV } = inputs;
        const causal = definition(q, k, logV, true);
        const all = definition(q, k, logV, false);
        const forms = {
          parallel: (await runParallel(backend, heinsenLogMechanism, inputs, { causal: true })).out,
          chunked: (await runChunked(backend, heinsenLogMechanism, inputs, { chunkSize: 8 })).out,
          recurrent: (await runRecurrent(backend, heinsenLogMechanism, inputs, {})).out,
        };
        for (const [form, out] of Object.entries(forms)) expectDefinition(out, causal, form);
        const nonCausal = await runParallel(backend, heinsenLogMechanism, inputs, { causal: false });
        expectDefinition(nonCausal.out, all, 'non-causal');
      }
    });

    it.each([
      ['typical magnitudes keep every GEMM', false],
      ['the adversarial inputs send some GEMMs to the exact path', true],
    ])('the guards, in float32: %s', async (_, adversarial) => {
      const backend = await ortBackend(device);
      const inputs = randomCase(1, adversarial);
      const graph = buildChunkedGraph(
        heinsenLogMechanism,
        { batch: 1, heads: 1, seqQ: 37, dk: 2, dv: 3 },
        { chunkSize: 8 },
      );
      const guards = graph.nodes.filter((n) => n.op === 'GuardedFastPath').map((n) => n.inputs[0]!);
      expect(guards.length).toBeGreaterThan(1);
      const probe = { ...graph, outputs: guards.map((value, i) => ({ name: `guard${i}`, value })) };
      const exe = await backend.compile(probe);
      try {
        // A bool tensor holds its entries as 0 and 1.
        const held = Object.values(await exe.run(inputs)).map((t) => t.data[0] === 1);
        if (adversarial) expect(held).toContain(false);
        else expect(held.every(Boolean)).toBe(true);
      } finally {
        await exe.dispose();
      }
    });
  },
);
