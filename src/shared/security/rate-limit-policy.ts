import { ExecutionContext, SetMetadata } from '@nestjs/common';
import { normalizeIp, ThrottlerModuleOptions } from '@nestjs/throttler';
import { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { Principal } from '../auth/principal';

const REVEALS_CONTACTS = 'rate-limit:reveals-contacts';

/** Marks a route that hands out a customer's contacts: it also spends the tighter `reveals` budget. */
export const RevealsContacts = () => SetMetadata(REVEALS_CONTACTS, true);

type Request = FastifyRequest & { principal?: Principal };

const requestOf = (context: ExecutionContext) => context.switchToHttp().getRequest<Request>();
const hasPrincipal = (context: ExecutionContext) => requestOf(context).principal !== undefined;
const revealsContacts = (context: ExecutionContext) =>
  Reflect.getMetadata(REVEALS_CONTACTS, context.getHandler()) === true;

/**
 * Whom a budget belongs to. The guard runs after authentication, so callers with credentials are
 * counted per API key or per partner (every session of a partner together): rotating IP addresses
 * does not help them. Routes called without credentials (Bitrix24's) are counted per IP address
 * (an IPv6 /64 together); with trustProxy off that is the socket's address, so X-Forwarded-For
 * picks nothing.
 */
function tracker(request: Record<string, unknown>): string {
  const { principal, ip } = request as unknown as Request;
  return principal?.clientId ?? `ip:${normalizeIp(ip)}`;
}

/** Counter keys hold a digest, so the table never stores an IP address or a partner id. */
export function budgetKey(budget: string, who: string): string {
  return `${budget}:${createHash('sha256').update(who).digest('base64url').slice(0, 32)}`;
}

const counterKey = (_context: ExecutionContext, who: string, throttler: string) => budgetKey(throttler, who);

/**
 * Three budgets, chosen by what a route is, not by its path: `client` for callers with
 * credentials, `anonymous` per IP for routes without (probes opt out with `@SkipThrottle`), and
 * `reveals` on top for routes marked `@RevealsContacts()`.
 */
export function rateLimitOptions(config: AppConfig): Exclude<ThrottlerModuleOptions, unknown[]> {
  const ttl = config.RATE_LIMIT_WINDOW_SECONDS * 1000;
  return {
    // Retry-After comes from the problem details filter; the library would name it per throttler.
    setHeaders: false,
    getTracker: tracker,
    generateKey: counterKey,
    throttlers: [
      { name: 'client', ttl, limit: config.RATE_LIMIT_PER_CLIENT, skipIf: (c) => !hasPrincipal(c) },
      { name: 'reveals', ttl, limit: config.RATE_LIMIT_REVEALS_PER_PARTNER, skipIf: (c) => !revealsContacts(c) },
      { name: 'anonymous', ttl, limit: config.RATE_LIMIT_B24_PER_IP, skipIf: hasPrincipal },
    ],
  };
}
