/** Portal domains are compared as lower-case host names, without scheme, port or path. */
export function normalizePortalDomain(value: string): string {
  const withoutScheme = value.trim().toLowerCase().replace(/^https?:\/\//, '');
  return withoutScheme.split(/[/?#:]/)[0].replace(/\.$/, '');
}
