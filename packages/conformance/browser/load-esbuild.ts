import { createRequire } from 'node:module';

/** The slice of esbuild's API the harness uses (esbuild's own types are not resolvable from here). */
export interface EsbuildPlugin {
  name: string;
  setup(build: {
    onResolve(
      options: { filter: RegExp },
      callback: (args: { path: string }) => { path: string } | undefined,
    ): void;
  }): void;
}

export interface Esbuild {
  build(options: Record<string, unknown> & { plugins?: EsbuildPlugin[] }): Promise<{
    outputFiles: { path: string; contents: Uint8Array }[];
    warnings: unknown[];
  }>;
}

/**
 * esbuild is not a direct dependency of this package; it is installed for tsx (a root devDependency),
 * so it is taken from there when a plain import cannot see it. Add esbuild as a devDependency of
 * @constant-attention/conformance to make the first branch the one that runs.
 */
export async function loadEsbuild(): Promise<Esbuild> {
  const specifier: string = 'esbuild';
  try {
    return (await import(specifier)) as Esbuild;
  } catch {
    const require = createRequire(import.meta.url);
    const viaTsx = createRequire(require.resolve('tsx/package.json'));
    return (await import(viaTsx.resolve('esbuild'))) as Esbuild;
  }
}
