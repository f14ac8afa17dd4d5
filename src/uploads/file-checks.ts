/** What a file part declares, checked against `uploads.allowedTypes` and made safe to store and pass on. */

/** `Image/PNG; name=x` → `image/png` (parameters dropped, lower case). */
export function mediaTypeOf(declared: string | undefined): string {
  return (declared ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Exact types (`application/pdf`) and families (`image/*`). */
export function allowsType(allowed: readonly string[], type: string): boolean {
  if (!/^[a-z0-9][a-z0-9.+-]*\/[a-z0-9][a-z0-9.+-]*$/.test(type)) return false;
  const family = `${type.split('/')[0]}/*`;
  return allowed.some((entry) => entry === type || entry === family);
}

const MAX_FILENAME = 200;

/**
 * The name as a platform may show it: the last path segment only (a browser may send a full
 * Windows path), no control characters or quotes, at most 200 characters; `upload` when nothing is left.
 */
export function cleanFilename(given: string | undefined): string {
  const base = (given ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return cleaned.slice(0, MAX_FILENAME) || 'upload';
}
