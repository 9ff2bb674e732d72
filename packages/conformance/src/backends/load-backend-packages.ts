/** The backend packages that register themselves with core's registry when imported. */
export const BACKEND_PACKAGES: Readonly<Record<string, string>> = {
  ort: '@constant-attention/backend-ort',
  tfjs: '@constant-attention/backend-tfjs',
};

export type BackendPackageStatus =
  | { readonly backend: string; readonly state: 'loaded' }
  /** The package (or its built entry) does not exist yet: reported as skipped, not as a failure. */
  | { readonly backend: string; readonly state: 'absent'; readonly reason: string }
  /** The package exists but importing it threw: every env of that backend is a failure. */
  | { readonly backend: string; readonly state: 'broken'; readonly reason: string };

function isOwnEntryMissing(err: unknown, specifier: string, backend: string): boolean {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | null)?.code;
  const notFound =
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' ||
    /Cannot find (module|package)|Failed to (load|resolve)/i.test(message);
  // A missing dependency *inside* the package (e.g. onnxruntime-node) is breakage, not absence.
  const namesOwnEntry =
    message.includes(`'${specifier}'`) ||
    message.includes(`"${specifier}"`) ||
    new RegExp(`backend-${backend}/(src|dist)/index\\.(ts|js)`).test(message);
  return notFound && namesOwnEntry;
}

const cache = new Map<string, Promise<BackendPackageStatus>>();

async function importBackendPackage(backend: string, specifier: string): Promise<BackendPackageStatus> {
  try {
    // A non-literal specifier keeps typecheck and the build independent of whether the package exists yet.
    const dynamicSpecifier: string = specifier;
    await import(dynamicSpecifier);
    return { backend, state: 'loaded' };
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    return isOwnEntryMissing(err, specifier, backend)
      ? { backend, state: 'absent', reason: `${specifier} is not built or not written yet (${reason})` }
      : { backend, state: 'broken', reason: `importing ${specifier} failed: ${reason}` };
  }
}

/** Imports every backend package so it registers itself; never throws, reports per package instead. */
export async function loadBackendPackages(): Promise<BackendPackageStatus[]> {
  return Promise.all(
    Object.entries(BACKEND_PACKAGES).map(([backend, specifier]) => {
      let pending = cache.get(backend);
      if (!pending) {
        pending = importBackendPackage(backend, specifier);
        cache.set(backend, pending);
      }
      return pending;
    }),
  );
}
