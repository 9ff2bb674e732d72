// Only what the golden loader uses on file names it is given (URLs here), POSIX separators.
export const sep = '/';

export function basename(path: string, suffix?: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return suffix !== undefined && base.endsWith(suffix) ? base.slice(0, -suffix.length) : base;
}

export function dirname(path: string): string {
  const at = path.lastIndexOf('/');
  return at <= 0 ? (at === 0 ? '/' : '.') : path.slice(0, at);
}

export function join(...parts: string[]): string {
  return parts
    .filter((p) => p.length > 0)
    .join('/')
    .replace(/\/+/g, '/');
}
