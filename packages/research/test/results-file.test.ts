import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, MalformedFileError } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import { loadResults, recordKey } from '../src/records/results-file.js';
import { type PlannedRun, RESULTS_JSON, runPending } from '../src/records/run-pending.js';

const plan: PlannedRun<{ x: number }>[] = [1, 2, 3].map((x) => ({
  task: 't',
  seed: 1,
  label: `x ${x}`,
  config: { x },
}));

describe('records and resume', () => {
  it('a config has one key whatever the order of its fields', () => {
    expect(recordKey({ a: 1, b: [2, 3], c: 'x' })).toBe(recordKey({ c: 'x', b: [2, 3], a: 1 }));
    expect(recordKey({ a: 1 })).not.toBe(recordKey({ a: 2 }));
  });

  it('writes each record as it finishes, and a rerun after an interruption runs only the rest', async () => {
    const out = await mkdtemp(join(tmpdir(), 'research-'));
    const ran: number[] = [];
    const interrupted = runPending(out, 's', true, plan, async ({ config }) => {
      if (config.x === 3) throw new Error('killed');
      ran.push(config.x);
      return { metric: config.x * 10 };
    });
    await expect(interrupted).rejects.toThrow('killed');
    const partial = JSON.parse(await readFile(join(out, RESULTS_JSON), 'utf8'));
    expect(partial.records.map((r: { x: number }) => r.x)).toEqual([1, 2]);
    expect(partial.records[0]).toMatchObject({ task: 't', x: 1, seed: 1, metric: 10 });
    expect(partial.records[0].wall_s).toBeGreaterThanOrEqual(0);

    const events: [number, number][] = [];
    const file = await runPending(
      out,
      's',
      true,
      plan,
      async ({ config }) => {
        ran.push(config.x);
        return { metric: config.x * 10 };
      },
      { onPlan: (total, done) => events.push([total, done]) },
    );
    expect(ran).toEqual([1, 2, 3]);
    expect(events).toEqual([[3, 2]]);
    expect(file.records.map((r) => r.metric)).toEqual([10, 20, 30]);

    // Finished: nothing runs again.
    await runPending(out, 's', true, plan, async () => {
      throw new Error('should not run');
    });
  });

  it('with concurrency, runs overlap and every finished record is written, in the order they finish', async () => {
    const out = await mkdtemp(join(tmpdir(), 'research-'));
    const six = [1, 2, 3, 4, 5, 6].map((x) => ({ task: 't', seed: 1, label: `x ${x}`, config: { x } }));
    let inFlight = 0;
    let peak = 0;
    // Run x takes (7 - x) ticks, so later runs finish first whenever they overlap.
    const file = await runPending(
      out,
      's',
      true,
      six,
      async ({ config }) => {
        peak = Math.max(peak, ++inFlight);
        for (let t = 0; t < 7 - config.x; t++) await new Promise((r) => setTimeout(r, 2));
        inFlight--;
        return { metric: config.x };
      },
      {},
      3,
    );
    expect(peak).toBe(3);
    expect(file.records.map((r) => r.x).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(file.records.map((r) => r.x)).not.toEqual([1, 2, 3, 4, 5, 6]);
    const onDisk = JSON.parse(await readFile(join(out, RESULTS_JSON), 'utf8'));
    expect(onDisk.records.map((r: { x: number }) => r.x)).toEqual(file.records.map((r) => r.x));
  });

  it('with concurrency, a failing run stops new runs but keeps the ones that finished', async () => {
    const out = await mkdtemp(join(tmpdir(), 'research-'));
    const five = [1, 2, 3, 4, 5].map((x) => ({ task: 't', seed: 1, label: `x ${x}`, config: { x } }));
    const started: number[] = [];
    const run = runPending(
      out,
      's',
      true,
      five,
      async ({ config }) => {
        started.push(config.x);
        await new Promise((r) => setTimeout(r, config.x === 1 ? 1 : 20));
        if (config.x === 1) throw new Error('out of memory');
        return { metric: config.x };
      },
      {},
      2,
    );
    await expect(run).rejects.toThrow('out of memory');
    expect(started).toEqual([1, 2]);
    const onDisk = JSON.parse(await readFile(join(out, RESULTS_JSON), 'utf8'));
    expect(onDisk.records.map((r: { x: number }) => r.x)).toEqual([2]);
    await expect(runPending(out, 's', true, five, async () => ({}), {}, 0)).rejects.toThrow(
      InvalidArgumentError,
    );
  });

  it('refuses to mix suites or modes, and names a malformed file', async () => {
    const out = await mkdtemp(join(tmpdir(), 'research-'));
    await runPending(out, 's', true, plan.slice(0, 1), async () => ({}));
    await expect(loadResults(join(out, RESULTS_JSON), 's', false)).rejects.toThrow(InvalidArgumentError);
    await expect(loadResults(join(out, RESULTS_JSON), 'other', true)).rejects.toThrow(InvalidArgumentError);
    await writeFile(join(out, RESULTS_JSON), '{"format":');
    await expect(loadResults(join(out, RESULTS_JSON), 's', true)).rejects.toThrow(MalformedFileError);
    await writeFile(join(out, RESULTS_JSON), '{"format":"something-else","records":[]}');
    await expect(loadResults(join(out, RESULTS_JSON), 's', true)).rejects.toThrow(/not a constant-attention/);
  });
});
