import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Tensor } from '@constant-attention/core';
import type { GoldenCase, GoldenLoadFailure } from './golden-case.js';

export const KNOWN_FORMATS = [
  'heinsen-log-attention-golden/1',
  'heinsen-real-attention-golden/1',
  'heinsen-lm-golden/1',
  'lln-attention-golden/1',
  'linear-elu-attention-golden/1',
] as const;

class CaseFormatError extends Error {}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function decodeNumber(value: Json, path: string): number {
  if (typeof value === 'number') return value;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  throw new CaseFormatError(`'${path}' holds ${JSON.stringify(value)}, not a number or "-Infinity"`);
}

function flatten(
  value: Json,
  shape: readonly number[],
  path: string,
  out: number[],
  headerShape: readonly number[] = shape,
): void {
  if (shape.length === 0) {
    out.push(decodeNumber(value, path));
    return;
  }
  if (!Array.isArray(value) || value.length !== shape[0]) {
    const got = Array.isArray(value) ? `length ${value.length}` : typeof value;
    throw new CaseFormatError(
      `'${path}' does not match its header shape [${headerShape.join(', ')}]: expected length ${shape[0]} at depth ${headerShape.length - shape.length}, got ${got}`,
    );
  }
  value.forEach((v, i) => flatten(v, shape.slice(1), `${path}[${i}]`, out, headerShape));
}

function lookup(root: Json, dotted: string): Json | undefined {
  let node: Json | undefined = root;
  for (const part of dotted.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, Json>)[part];
  }
  return node;
}

/** Parses one case. Unknown format tags, missing fields and shape mismatches are reported, not thrown past here. */
export function parseGoldenCase(file: string, text: string): GoldenCase | GoldenLoadFailure {
  try {
    let json: Json;
    try {
      json = JSON.parse(text) as Json;
    } catch (err) {
      throw new CaseFormatError(`not valid JSON (${(err as Error).message})`);
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json))
      throw new CaseFormatError('top level is not an object');
    const header = json.header;
    if (header === null || typeof header !== 'object' || Array.isArray(header))
      throw new CaseFormatError('missing header');
    const format = header.format;
    if (typeof format !== 'string') throw new CaseFormatError('missing header.format');
    if (!(KNOWN_FORMATS as readonly string[]).includes(format))
      throw new CaseFormatError(`unknown format tag '${format}'`);
    const shapes = header.shapes;
    if (shapes === null || typeof shapes !== 'object' || Array.isArray(shapes))
      throw new CaseFormatError('missing header.shapes');
    for (const section of ['inputs', 'outputs']) {
      if (typeof json[section] !== 'object' || json[section] === null)
        throw new CaseFormatError(`missing '${section}'`);
    }
    const arrays = new Map<string, Tensor>();
    for (const [key, rawShape] of Object.entries(shapes)) {
      if (
        !Array.isArray(rawShape) ||
        rawShape.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d < 0)
      ) {
        throw new CaseFormatError(`header.shapes.${key} is not a list of dimensions`);
      }
      const shape = rawShape as number[];
      const path = lookup(json.inputs as Json, key) !== undefined ? `inputs.${key}` : `outputs.${key}`;
      const value = lookup(json, path);
      if (value === undefined)
        throw new CaseFormatError(`header.shapes names '${key}', but the file has no such array`);
      const flat: number[] = [];
      flatten(value, shape, path, flat);
      arrays.set(path, Tensor.float64(flat, shape));
    }
    const scalars = new Map<string, number>();
    const collect = (node: Json, path: string) => {
      if (typeof node === 'number') scalars.set(path, node);
      else if (node && typeof node === 'object' && !Array.isArray(node)) {
        for (const [k, v] of Object.entries(node)) collect(v, `${path}.${k}`);
      }
    };
    collect(json.outputs as Json, 'outputs');
    const name = typeof header.case === 'string' ? header.case : basename(file, '.json');
    return { file, format, name, header: header as Record<string, Json>, arrays, scalars };
  } catch (err) {
    if (err instanceof CaseFormatError) return { file, reason: err.message };
    throw err;
  }
}

export function isLoadFailure(x: GoldenCase | GoldenLoadFailure): x is GoldenLoadFailure {
  return 'reason' in x;
}

/** Every *.json under the given files or folders (recursively), sorted, parsed. */
export async function loadGoldenCases(paths: readonly string[]): Promise<(GoldenCase | GoldenLoadFailure)[]> {
  const files: string[] = [];
  const walk = async (p: string): Promise<void> => {
    const s = await stat(p);
    if (s.isDirectory()) {
      for (const entry of (await readdir(p)).sort()) await walk(join(p, entry));
    } else if (p.endsWith('.json')) files.push(p);
  };
  for (const p of paths) await walk(p);
  return Promise.all(
    files.map(async (f) => {
      const parsed = parseGoldenCase(f, await readFile(f, 'utf8'));
      if (isLoadFailure(parsed)) return parsed;
      return { ...parsed, readAttachment: attachmentReader(f) };
    }),
  );
}

/** Attachments are plain file names in the case's own folder; a path that leaves it is refused. */
function attachmentReader(caseFile: string) {
  return async (name: string): Promise<Uint8Array> => {
    if (basename(name) !== name || name === '..' || name === '.')
      throw new Error(`attachment '${name}' must be a file name in the case's folder`);
    return new Uint8Array(await readFile(join(dirname(caseFile), name)));
  };
}
