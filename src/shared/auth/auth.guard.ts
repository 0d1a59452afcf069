import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiRole, AppConfig } from '../../config/app-config';
import { DomainError } from '../domain/domain-error';
import { ACCESS_KEY, PUBLIC_ACCESS } from './access.decorator';
import { Audience, Principal } from './principal';
import { SessionTokens } from './session-tokens';

/** Authenticates every request: operator API keys (`X-Api-Key`) or partner sessions (Bearer). */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly keys: Array<{ role: ApiRole; digest: Buffer }>;

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionTokens,
    config: AppConfig,
  ) {
    this.keys = config.apiKeys().map(({ role, key }) => ({ role, digest: sha256(key) }));
  }

  canActivate(context: ExecutionContext): boolean {
    const access = this.reflector.getAllAndOverride<Audience[] | typeof PUBLIC_ACCESS | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (access === PUBLIC_ACCESS) return true;
    const request = context.switchToHttp().getRequest();
    const principal = this.authenticate(request.headers);
    if (!principal) throw new DomainError('UNAUTHENTICATED', 'Send a valid X-Api-Key or a partner session token.');
    const audience: Audience = principal.kind === 'partner' ? 'partner' : principal.role;
    if (!access || !access.includes(audience)) {
      throw new DomainError('FORBIDDEN', 'These credentials may not use this endpoint.');
    }
    request.principal = principal;
    return true;
  }

  private authenticate(headers: Record<string, string | string[] | undefined>): Principal | null {
    const apiKey = headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey.length > 0) return this.operator(apiKey);
    const authorization = headers['authorization'];
    if (typeof authorization !== 'string') return null;
    const [scheme, token] = authorization.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) return null;
    const session = this.sessions.verify(token);
    if (!session) return null;
    return { kind: 'partner', ...session, clientId: `partner:${session.partnerId}` };
  }

  private operator(apiKey: string): Principal | null {
    const digest = sha256(apiKey);
    const match = this.keys.find((k) => timingSafeEqual(k.digest, digest));
    if (!match) return null;
    return {
      kind: 'operator',
      role: match.role,
      clientId: `key:${digest.toString('hex').slice(0, 16)}`,
    };
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
