import { ExecutionContext } from '@nestjs/common';
import { normalizeIp, ThrottlerModuleOptions } from '@nestjs/throttler';
import { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { Principal } from '../auth/principal';

type RouteKind = 'probe' | 'bitrix24' | 'reveal' | 'api';

/** The routes that hand out a customer's contacts: a tighter budget than everything else. */
const REVEALS = new Set(['POST /api/v1/leads/:id/claims', 'GET /api/v1/claims/:id']);

function routeKind(context: ExecutionContext): RouteKind {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  const route = request.routeOptions.url ?? '';
  // Orchestrators poll the probes; throttling them would restart a healthy instance.
  if (route === '/health' || route.startsWith('/health/')) return 'probe';
  if (route.startsWith('/b24/')) return 'bitrix24';
  return REVEALS.has(`${request.method} ${route}`) ? 'reveal' : 'api';
}

/**
 * Whom a budget belongs to. The guard runs after authentication, so callers with credentials are
 * counted per API key or per partner (every session of a partner together): rotating IP addresses
 * does not help them. The anonymous Bitrix24 routes are counted per IP address (an IPv6 /64
 * together); with trustProxy off that is the socket's address, so X-Forwarded-For picks nothing.
 */
function tracker(request: Record<string, unknown>): string {
  const { principal, ip } = request as unknown as FastifyRequest & { principal?: Principal };
  return principal?.clientId ?? `ip:${normalizeIp(ip)}`;
}

/** Counter keys hold a digest, so the table never stores an IP address or a partner id. */
function counterKey(_context: ExecutionContext, who: string, throttler: string): string {
  return `${throttler}:${createHash('sha256').update(who).digest('base64url').slice(0, 32)}`;
}

export function rateLimitOptions(config: AppConfig): Exclude<ThrottlerModuleOptions, unknown[]> {
  const ttl = config.RATE_LIMIT_WINDOW_SECONDS * 1000;
  const unless = (...kinds: RouteKind[]) => (context: ExecutionContext) => !kinds.includes(routeKind(context));
  return {
    // Retry-After comes from the problem details filter; the library would name it per throttler.
    setHeaders: false,
    getTracker: tracker,
    generateKey: counterKey,
    throttlers: [
      { name: 'client', ttl, limit: config.RATE_LIMIT_PER_CLIENT, skipIf: unless('api', 'reveal') },
      { name: 'reveals', ttl, limit: config.RATE_LIMIT_REVEALS_PER_PARTNER, skipIf: unless('reveal') },
      { name: 'bitrix24', ttl, limit: config.RATE_LIMIT_B24_PER_IP, skipIf: unless('bitrix24') },
    ],
  };
}
