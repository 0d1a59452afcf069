/**
 * The Fastify route-config flag of a route that reads bulk uploads (set with Nest's
 * `@RouteConfig`): it also reads `text/csv` bodies, and its body limit is the bulk one
 * (`IMPORT_BODY_LIMIT_BYTES`) instead of `BODY_LIMIT_BYTES`. Every other route reads JSON only.
 */
export const BULK_BODY = 'bulkBody';

export function acceptsBulkBody(routeConfig: unknown): boolean {
  return (routeConfig as Record<string, unknown> | undefined)?.[BULK_BODY] === true;
}
