import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ORT_WEB_DIST = join(
  dirname(createRequire(join(PACKAGE, 'package.json')).resolve('onnxruntime-web')),
  '.',
);

/** URL prefix -> directory; the page imports the built browser entry through an import map. */
export const ROOTS: Record<string, string> = {
  '/core/': join(PACKAGE, '..', 'core', 'dist'),
  '/backend-ort/': join(PACKAGE, 'dist'),
  '/ortweb/': ORT_WEB_DIST,
};

const PAGE = `<!doctype html><html><head><script type="importmap">${JSON.stringify({
  imports: {
    '@constant-attention/core': '/core/index.js',
    '@constant-attention/backend-ort': '/backend-ort/browser.js',
    'onnxruntime-web': '/ortweb/ort.min.mjs',
    // Device wasm loads the build without WebGPU kernels (src/runtime/web-runtime.ts).
    'onnxruntime-web/wasm': '/ortweb/ort.wasm.min.mjs',
  },
})}</script></head><body><script type="module">
import * as core from '@constant-attention/core';
import * as ortBackend from '@constant-attention/backend-ort';
import * as ort from 'onnxruntime-web';
window.core = core;
window.ort = ort;
window.ortBackend = ortBackend;
window.ready = true;
</script></body></html>`;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

/** A static server for the smoke page: nothing outside ROOTS is served. */
export async function startPageServer(): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      return;
    }
    const prefix = Object.keys(ROOTS).find((p) => path.startsWith(p));
    const file = prefix && normalize(join(ROOTS[prefix]!, path.slice(prefix.length)));
    if (!(file && prefix && file.startsWith(ROOTS[prefix]!))) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}/` };
}
