// The golden loader imports these for folder walks; the page is handed parsed text instead, so any
// call here is a bug in the harness and must fail loudly rather than return nothing.
function unavailable(name: string): never {
  throw new Error(`node:fs/promises.${name} is not available in the browser page`);
}

export const readdir = (): never => unavailable('readdir');
export const readFile = (): never => unavailable('readFile');
export const stat = (): never => unavailable('stat');
