/** The tfjs backends this package can drive; tfjs-node is deliberately absent (it downloads a native lib). */
export const TFJS_DEVICES = ['cpu', 'wasm', 'webgl', 'webgpu'] as const;

export type TfjsDevice = (typeof TFJS_DEVICES)[number];

export function isTfjsDevice(value: unknown): value is TfjsDevice {
  return typeof value === 'string' && (TFJS_DEVICES as readonly string[]).includes(value);
}

/** Options accepted in `createBackend({ backend: 'tfjs', device, options })`. */
export interface TfjsBackendOptions {
  /**
   * Where the wasm backend finds its .wasm files: a directory prefix (ending in '/') or a map from file
   * name to path/URL. Defaults to the package's own dist/ folder in Node; browsers must serve the files
   * and pass this (tfjs would otherwise fetch them from a CDN).
   */
  readonly wasmPaths?: string | Readonly<Record<string, string>>;
  /** XNNPACK threads for the wasm backend (only where threaded wasm is supported). */
  readonly wasmThreads?: number;
}

export function isNode(): boolean {
  return (
    typeof process !== 'undefined' &&
    typeof process.versions === 'object' &&
    process.versions !== null &&
    typeof process.versions.node === 'string'
  );
}
