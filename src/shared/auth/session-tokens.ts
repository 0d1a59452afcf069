import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../time/clock';

interface SessionClaims {
  sub: string;
  b24u?: string;
  typ: 'partner-session';
}

export interface PartnerSession {
  partnerId: string;
  b24UserId: string | null;
}

/** Short-lived signed tokens that name a partner (and the Bitrix24 user, when one is known). */
@Injectable()
export class SessionTokens {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  mint(session: PartnerSession): { token: string; expiresAt: string } {
    const issuedAt = Math.floor(this.clock.now().getTime() / 1000);
    const expiresAt = issuedAt + this.config.SESSION_TTL_SECONDS;
    const claims: SessionClaims = { sub: session.partnerId, typ: 'partner-session' };
    if (session.b24UserId) claims.b24u = session.b24UserId;
    const token = this.jwt.sign({ ...claims, iat: issuedAt, exp: expiresAt }, { algorithm: 'HS256' });
    return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
  }

  verify(token: string): PartnerSession | null {
    try {
      const claims = this.jwt.verify<SessionClaims>(token, {
        algorithms: ['HS256'],
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
      if (claims.typ !== 'partner-session' || typeof claims.sub !== 'string') return null;
      return { partnerId: claims.sub, b24UserId: claims.b24u ?? null };
    } catch {
      return null;
    }
  }
}
