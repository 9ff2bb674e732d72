import { BackendFailureError } from '@constant-attention/core';

/** The browser side of `#platform` (see node-platform.ts): bundlers load tfjs's files as they are. */

export async function nodeWasmDirectory(): Promise<string> {
  throw new BackendFailureError(
    'nodeWasmDirectory is for Node; in a browser pass wasmPaths or serve the .wasm files',
  );
}

export function registerGradientLoaderHooks(): void {}
