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

/** Whether an import failure means the package itself is absent (not built / not written), not broken. */
export function isOwnEntryMissing(err: unknown, specifier: string, backend: string): boolean {
  const message = err instanceof Error ? err.message : String(err);
  // Only the name right after "Cannot find ..." says what is missing; the importer's path follows it
  // ("imported from .../backend-ort/dist/index.js") and must not count: a missing dependency inside
  // the package (e.g. onnxruntime-node) is breakage, not absence.
  const missing = /(?:Cannot find (?:module|package)|Failed to load url)\s+['"]?([^'"\s]+)/i.exec(
    message,
  )?.[1];
  if (missing === undefined) return false;
  return missing === specifier || new RegExp(`backend-${backend}/(src|dist)/index\\.(ts|js)$`).test(missing);
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
