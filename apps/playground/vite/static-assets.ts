import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const APP_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MODEL_ROOT = realpathSync(join(APP_ROOT, 'node_modules', '@constant-attention', 'model'));

/** A dependency of one of our workspace packages, resolved the way that package's own imports are. */
function packageDist(workspacePackage: string, specifier: string): string {
  const dir = realpathSync(join(APP_ROOT, 'node_modules', '@constant-attention', workspacePackage));
  return dirname(createRequire(join(dir, 'package.json')).resolve(specifier));
}

/** One folder of files the app serves under a URL prefix, copied into the build as they are. */
export interface AssetFolder {
  /** URL path under the app's base, ending in '/'. */
  readonly prefix: string;
  readonly folder: string;
  readonly files: readonly string[];
}

function matching(folder: string, test: (name: string) => boolean): string[] {
  return readdirSync(folder).filter(test).sort();
}

/**
 * What the page fetches besides its bundle: the shipped checkpoints (config + weights only) and the
 * tfjs wasm backend's .wasm files, which tfjs would otherwise fetch from a CDN. ORT's .wasm files are
 * Vite assets (imported with `?url`). Nothing is fetched from another origin.
 */
export function staticAssetFolders(): AssetFolder[] {
  const checkpoints = ['heinsen-lm-sotu', 'gpt-softmax-sotu'].map((name) => ({
    prefix: `checkpoints/${name}/`,
    folder: join(MODEL_ROOT, 'checkpoints', name),
    files: ['config.json', 'model.safetensors'],
  }));
  const tfjsWasmDist = packageDist('backend-tfjs', '@tensorflow/tfjs-backend-wasm');
  return [
    ...checkpoints,
    { prefix: 'tfjs-wasm/', folder: tfjsWasmDist, files: matching(tfjsWasmDist, (f) => f.endsWith('.wasm')) },
  ];
}

export function readAsset(folder: AssetFolder, file: string): Buffer {
  return readFileSync(join(folder.folder, file));
}
