export { Bitrix24Client } from './bitrix24-client';
export type { Bitrix24ClientOptions } from './bitrix24-client';
export { Bitrix24Error } from './bitrix24-errors';
export type { Bitrix24FailureKind } from './bitrix24-errors';
export { ALWAYS_AVAILABLE, PortalHealth, PortalRateLimiter, PortalTokenStore } from './portal-credentials';
export type { PortalCredentials } from './portal-credentials';
export { toBatchCommand, toPhpQuery } from './php-query';
export { isReadMethod } from './retry-policy';
