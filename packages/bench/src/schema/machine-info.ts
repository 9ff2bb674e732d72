import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import type { MachineInfo } from './bench-results.js';

const PACKAGES = [
  '@constant-attention/core',
  '@constant-attention/backend-ort',
  '@constant-attention/backend-tfjs',
  'tinybench',
  'vega',
  'vega-lite',
];

/** Reads a dependency's package.json by walking up from its resolved entry (exports may hide the file). */
function versionOf(name: string, require: NodeRequire): string {
  try {
    let dir = require.resolve(name);
    for (let i = 0; i < 8; i++) {
      dir = dir.slice(0, dir.lastIndexOf('/'));
      try {
        const pkg = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as {
          name?: string;
          version?: string;
        };
        if (pkg.name === name && pkg.version) return pkg.version;
      } catch {
        // keep walking up
      }
    }
  } catch {
    // not resolvable from here
  }
  return 'unknown';
}

export function machineInfo(date = new Date()): MachineInfo {
  const require = createRequire(import.meta.url);
  const packages: Record<string, string> = {};
  for (const name of PACKAGES) packages[name] = versionOf(name, require);
  const ortRequire = createRequire(require.resolve('@constant-attention/backend-ort'));
  packages['onnxruntime-node'] = versionOf('onnxruntime-node', ortRequire);
  packages['onnxruntime-web'] = versionOf('onnxruntime-web', ortRequire);
  const tfjsRequire = createRequire(require.resolve('@constant-attention/backend-tfjs'));
  packages['@tensorflow/tfjs-core'] = versionOf('@tensorflow/tfjs-core', tfjsRequire);
  const cpus = os.cpus();
  return {
    cpus: { model: cpus[0]?.model ?? 'unknown', count: cpus.length },
    memory_bytes: os.totalmem(),
    platform: os.platform(),
    arch: os.arch(),
    node_version: process.version,
    packages,
    date: date.toISOString(),
  };
}
