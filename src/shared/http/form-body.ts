/**
 * The Fastify route-config flag of a route that also reads `application/x-www-form-urlencoded`
 * bodies (set with Nest's `@RouteConfig`); every other route reads JSON only.
 */
export const FORM_BODY = 'formBody';

export function acceptsFormBody(routeConfig: unknown): boolean {
  return (routeConfig as Record<string, unknown> | undefined)?.[FORM_BODY] === true;
}
