import { createBackend, InvalidArgumentError } from '@constant-attention/core';
import { describe, expect, it } from 'vitest';
import '../src/index.js';
import { buildExportGraph } from '../src/cli/export-command.js';

describe('an unsupported opset is rejected where it is given, before any work', () => {
  it.each([16, 22])('createBackend with opset %s', async (opset) => {
    const err = await createBackend({ backend: 'ort', device: 'cpu', options: { opset } }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message).toContain(`opset must be an integer from 17 to 21, got ${opset}`);
  });

  it('onnx-export --opset 16', () => {
    const argv = ['softmax', '--form', 'parallel', '--out', 'x.onnx', '--opset', '16'];
    expect(() => buildExportGraph(argv)).toThrow(InvalidArgumentError);
    expect(() => buildExportGraph(argv)).toThrow('opset must be an integer from 17 to 21, got 16');
  });
});
