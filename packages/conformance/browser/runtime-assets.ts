import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONFORMANCE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** A dependency of one of our workspace packages, resolved the way that package's own imports are. */
function resolveFrom(workspacePackage: string, specifier: string): string {
  const packageDir = realpathSync(join(CONFORMANCE_ROOT, 'node_modules', workspacePackage));
  return createRequire(join(packageDir, 'package.json')).resolve(specifier);
}

/** onnxruntime-web's dist/: the .wasm files its browser bundle fetches next to the script that loaded it. */
export function onnxruntimeWebDist(): string {
  return dirname(resolveFrom('@constant-attention/backend-ort', 'onnxruntime-web'));
}

/** tfjs-backend-wasm's dist/: tfjs-backend-wasm*.wasm, which tfjs would otherwise fetch from a CDN. */
export function tfjsWasmDist(): string {
  return dirname(resolveFrom('@constant-attention/backend-tfjs', '@tensorflow/tfjs-backend-wasm'));
}
