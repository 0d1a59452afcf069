import type { TokenStore } from './token-store';
import type { AppRegistration } from './types';

/** What every portal shares: the clock, the OAuth server's token store, the registered app. */
export interface DoubleContext {
  now(): number;
  random(): number;
  readonly url: string;
  readonly oauthUrl: string;
  readonly tokens: TokenStore;
  readonly eventTimeoutMs: number;
  app(): AppRegistration | null;
}

export const DEFAULT_SCOPE = 'crm,user,placement';

export function isoDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}
