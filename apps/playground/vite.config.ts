import { defaultClientConditions, defineConfig } from 'vite';
import { serveAssetsPlugin } from './vite/serve-assets-plugin.js';

// Cross-origin isolation (SharedArrayBuffer) lets onnxruntime-web run its wasm on several threads.
// Static hosts must send the same two headers (README.md, "Hosting").
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base: './',
  // The workspace packages' TypeScript sources, so the app never runs a stale dist.
  resolve: { conditions: ['@constant-attention/source', ...defaultClientConditions] },
  plugins: [serveAssetsPlugin()],
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  // onnxruntime-web finds its workers through import.meta.url, which pre-bundling would move.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  worker: { format: 'es' },
});
