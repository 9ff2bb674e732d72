import { join } from 'node:path';
import { type EsbuildPlugin, loadEsbuild } from './load-esbuild.js';
import { CONFORMANCE_ROOT } from './runtime-assets.js';

const SHIMS = join(CONFORMANCE_ROOT, 'browser', 'shims');

/**
 * Node builtins reachable from the page's import graph: the golden loader's fs/path (never called in
 * the page) and the backends' lazily imported Node-only paths. Each maps to a browser stand-in.
 */
const nodeBuiltinShims: EsbuildPlugin = {
  name: 'node-builtin-shims',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) => {
      if (args.path === 'node:fs/promises') return { path: join(SHIMS, 'node-fs-promises.ts') };
      if (args.path === 'node:path') return { path: join(SHIMS, 'node-path.ts') };
      return { path: join(SHIMS, 'node-unavailable.ts') };
    });
  },
};

export interface PageBundle {
  /** File name (e.g. 'page.js') to contents. */
  readonly files: ReadonlyMap<string, Uint8Array>;
}

/**
 * Bundles browser/page/page-entry.ts with the workspace packages' TypeScript sources (the
 * '@constant-attention/source' condition), so the browser run needs no prior `pnpm build`.
 */
export async function bundlePage(): Promise<PageBundle> {
  const esbuild = await loadEsbuild();
  const result = await esbuild.build({
    entryPoints: { page: join(CONFORMANCE_ROOT, 'browser', 'page', 'page-entry.ts') },
    bundle: true,
    write: false,
    outdir: join(CONFORMANCE_ROOT, 'browser', '.out'),
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@constant-attention/source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    plugins: [nodeBuiltinShims],
  });
  const files = new Map<string, Uint8Array>();
  for (const f of result.outputFiles) files.set(f.path.slice(f.path.lastIndexOf('/') + 1), f.contents);
  return { files };
}
