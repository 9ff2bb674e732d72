import { describe, expect, it } from 'vitest';
import { isOwnEntryMissing } from '../src/backends/load-backend-packages.js';
import { NODE_ENVS, selectEnvs } from '../src/suite/all-envs.js';

const labels = (filter: string | undefined) => selectEnvs(filter).map((e) => e.label);

describe('selectEnvs', () => {
  it('keeps every Node env without a filter', () => {
    expect(labels(undefined)).toEqual(NODE_ENVS.map((e) => e.label));
    expect(labels('  ')).toEqual(NODE_ENVS.map((e) => e.label));
  });

  it('accepts the ref alias, a bare backend (all its devices) and backend:device', () => {
    expect(labels('ref,ort')).toEqual(['reference:cpu', 'ort:cpu', 'ort:wasm']);
    expect(labels('tfjs:wasm, ref:cpu')).toEqual(['tfjs:wasm', 'reference:cpu']);
  });

  it('keeps an explicitly named env the list lacks, so it can fail visibly', () => {
    expect(labels('ort:cuda')).toEqual(['ort:cuda']);
  });
});

describe('isOwnEntryMissing', () => {
  const notFound = (message: string) => Object.assign(new Error(message), { code: 'ERR_MODULE_NOT_FOUND' });
  const spec = '@constant-attention/backend-ort';

  it('treats a missing entry of the package itself as absence', () => {
    const err = notFound(
      "Cannot find module '/repo/node_modules/@constant-attention/backend-ort/dist/index.js'",
    );
    expect(isOwnEntryMissing(err, spec, 'ort')).toBe(true);
    expect(isOwnEntryMissing(notFound(`Cannot find package '${spec}' imported from x`), spec, 'ort')).toBe(
      true,
    );
  });

  it('treats a missing dependency inside the package, or any other error, as breakage', () => {
    expect(
      isOwnEntryMissing(
        notFound(
          "Cannot find package 'onnxruntime-node' imported from /repo/packages/backend-ort/dist/index.js",
        ),
        spec,
        'ort',
      ),
    ).toBe(false);
    expect(isOwnEntryMissing(new SyntaxError('Unexpected token'), spec, 'ort')).toBe(false);
  });
});
