/**
 * Where Bitrix24 calls this service: the addresses registered in the app's settings and bound as
 * event handlers, so they live outside /api/v1 and never move.
 */
export const BITRIX24_PATHS = {
  install: 'b24/install',
  installAccept: 'b24/install/accept',
  events: 'b24/events',
  app: 'b24/app',
} as const;

export const CRM_SYNC_ROUTES_OUTSIDE_API: string[] = Object.values(BITRIX24_PATHS);
