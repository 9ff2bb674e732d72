import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeResults } from '../../src/output/write-results.js';
import { decodePlot } from '../../src/plots/decode-plot.js';
import { type BenchResults, SCHEMA_VERSION } from '../../src/schema/bench-results.js';
import { machineInfo } from '../../src/schema/machine-info.js';
import { decodeSample } from '../flags/synthetic-samples.js';

describe('writeResults', () => {
  it('writes the versioned results.json, results.md and an SVG per plot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-results-'));
    const samples = [decodeSample('softmax', 512, 2), decodeSample('heinsen', 512, 1)];
    const results: BenchResults = {
      schema_version: SCHEMA_VERSION,
      suite: 'decode',
      command: 'bench decode --quick',
      quick: true,
      machine: machineInfo(new Date('2026-01-02T03:04:05Z')),
      samples,
      contradictions: [],
      summary: { note: 'x' },
    };
    const written = await writeResults(dir, results, '# table\n', {
      'decode-latency.svg': decodePlot(samples, 'median_ms'),
    });
    expect(written.map((p) => p.slice(dir.length + 1))).toEqual([
      'results.json',
      'results.md',
      'decode-latency.svg',
    ]);
    expect(readdirSync(dir).sort()).toEqual(['decode-latency.svg', 'results.json', 'results.md']);

    const parsed = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as BenchResults;
    expect(parsed).toEqual(results);
    expect(parsed.schema_version).toBe(2);
    expect(readFileSync(join(dir, 'results.md'), 'utf8')).toBe('# table\n');
    const svg = readFileSync(join(dir, 'decode-latency.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    // Both mechanisms appear in the legend.
    expect(svg).toContain('softmax');
    expect(svg).toContain('heinsen');
  });
});

describe('machineInfo', () => {
  it('records cpus, memory, Node, the date and resolved package versions', () => {
    const info = machineInfo(new Date('2026-01-02T03:04:05Z'));
    expect(info.date).toBe('2026-01-02T03:04:05.000Z');
    expect(info.node_version).toBe(process.version);
    expect(info.cpus.count).toBeGreaterThan(0);
    expect(info.memory_bytes).toBeGreaterThan(0);
    expect(info.packages.tinybench).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.packages['onnxruntime-node']).toMatch(/^\d+\.\d+\.\d+/);
  });
});
