import { registeredBackends } from '@constant-attention/core';

/** One backend on one device, the unit every conformance test and golden row is run on. */
export interface ConformanceEnv {
  /** 'backend:device', e.g. 'ort:wasm'; what CA_ENVS and --backends match against. */
  readonly label: string;
  readonly backend: string;
  readonly device: string;
  /** Where the env can run; the Node test runner and golden CLI only take 'node' envs. */
  readonly runtime: 'node' | 'browser';
}

function env(backend: string, device: string, runtime: ConformanceEnv['runtime']): ConformanceEnv {
  return { label: `${backend}:${device}`, backend, device, runtime };
}

/**
 * Every backend x device the suite knows, like tfjs's ALL_ENVS. Adding a backend or device means adding
 * a line here; the suite and `pnpm golden` then run it, or report it skipped while it is unregistered.
 */
export const ALL_ENVS: readonly ConformanceEnv[] = [
  env('reference', 'cpu', 'node'),
  env('ort', 'cpu', 'node'),
  env('ort', 'wasm', 'node'),
  env('tfjs', 'cpu', 'node'),
  env('tfjs', 'wasm', 'node'),
];

export const NODE_ENVS: readonly ConformanceEnv[] = ALL_ENVS.filter((e) => e.runtime === 'node');

/** Short names accepted wherever a backend is named ('ref:cpu', 'ref'). */
const BACKEND_ALIASES: Readonly<Record<string, string>> = { ref: 'reference' };

export function canonicalBackendName(name: string): string {
  return BACKEND_ALIASES[name] ?? name;
}

/** One filter token: 'ort' (every device of ort) or 'ort:wasm'. */
export interface EnvSelector {
  readonly backend: string;
  readonly device?: string;
  readonly text: string;
}

export function parseEnvSelectors(list: string): EnvSelector[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((text) => {
      const [backend, device] = text.split(':') as [string, string | undefined];
      return device
        ? { backend: canonicalBackendName(backend), device, text }
        : { backend: canonicalBackendName(backend), text };
    });
}

export function matchesSelector(e: ConformanceEnv, s: EnvSelector): boolean {
  return e.backend === s.backend && (s.device === undefined || e.device === s.device);
}

/**
 * The envs a filter such as 'ref,ort:cpu' picks out of `envs`. A selector naming a backend:device that is
 * not in the list is still returned, so asking for e.g. 'ort:cuda' explicitly runs (and fails visibly) there.
 */
export function selectEnvs(
  filter: string | undefined,
  envs: readonly ConformanceEnv[] = NODE_ENVS,
): ConformanceEnv[] {
  if (filter === undefined || filter.trim() === '') return [...envs];
  const picked: ConformanceEnv[] = [];
  for (const selector of parseEnvSelectors(filter)) {
    const matching = envs.filter((e) => matchesSelector(e, selector));
    const extra = matching.length === 0 ? [unlistedEnv(selector)] : matching;
    for (const e of extra) if (!picked.some((p) => p.label === e.label)) picked.push(e);
  }
  return picked;
}

/** An env the list lacks: the named device, else the backend's registered default (else 'default', to fail visibly). */
function unlistedEnv(selector: EnvSelector): ConformanceEnv {
  const registration = registeredBackends().find((r) => r.name === selector.backend);
  return env(selector.backend, selector.device ?? registration?.defaultDevice ?? 'default', 'node');
}
