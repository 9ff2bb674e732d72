import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

export interface StaticServerOptions {
  /** Files held in memory, by URL path ('/page.js'). */
  readonly memory: ReadonlyMap<string, Uint8Array | string>;
  /** URL prefix ('/golden/') to a folder on disk. */
  readonly folders: ReadonlyMap<string, string>;
}

export interface StaticServer {
  readonly origin: string;
  /** Every path requested that had no file (the page should never ask for one). */
  readonly misses: readonly string[];
  close(): Promise<void>;
}

/** Inside `root`, or undefined for a path that climbs out of it. */
function within(root: string, relative: string): string | undefined {
  const full = normalize(join(root, relative));
  return full === root || full.startsWith(root.endsWith(sep) ? root : root + sep) ? full : undefined;
}

/** A tiny static server on 127.0.0.1 (a secure context, which WebGPU requires), on a free port. */
export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const misses: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    const type = TYPES[extname(path)] ?? 'application/octet-stream';
    const inMemory = options.memory.get(path);
    if (inMemory !== undefined) {
      response.writeHead(200, { 'content-type': type });
      response.end(inMemory);
      return;
    }
    for (const [prefix, folder] of options.folders) {
      if (!path.startsWith(prefix)) continue;
      const file = within(folder, path.slice(prefix.length));
      if (file && statSync(file, { throwIfNoEntry: false })?.isFile()) {
        response.writeHead(200, { 'content-type': type });
        createReadStream(file).pipe(response);
        return;
      }
    }
    misses.push(path);
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end(`not found: ${path}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    misses,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
