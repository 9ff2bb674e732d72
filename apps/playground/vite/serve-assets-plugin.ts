import type { Plugin } from 'vite';
import { type AssetFolder, readAsset, staticAssetFolders } from './static-assets.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.safetensors': 'application/octet-stream',
};

function contentType(file: string): string {
  return CONTENT_TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream';
}

/**
 * Serves the checkpoints and the runtimes' .wasm files from node_modules in the dev server, and copies
 * them into the build as they are (no hashing: the runtimes look their .wasm up by its own name).
 */
export function serveAssetsPlugin(): Plugin {
  const folders: AssetFolder[] = staticAssetFolders();
  return {
    name: 'playground-static-assets',
    configureServer(server) {
      const base = server.config.base;
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0]!;
        for (const folder of folders) {
          const prefix = `${base}${folder.prefix}`;
          if (!path.startsWith(prefix)) continue;
          const file = path.slice(prefix.length);
          if (!folder.files.includes(file)) break;
          res.setHeader('Content-Type', contentType(file));
          res.end(readAsset(folder, file));
          return;
        }
        next();
      });
    },
    generateBundle() {
      for (const folder of folders)
        for (const file of folder.files)
          this.emitFile({
            type: 'asset',
            fileName: `${folder.prefix}${file}`,
            source: readAsset(folder, file),
          });
    },
  };
}
