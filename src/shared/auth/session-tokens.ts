import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../time/clock';

interface SessionClaims {
  sub: string;
  b24u?: string;
  b24n?: string;
  /** When the session was first opened (seconds): renewals keep it, so a session cannot live forever. */
  lat: number;
  typ: 'partner-session';
}

export interface PartnerSession {
  partnerId: string;
  b24UserId: string | null;
  /** The Bitrix24 user's display name, as their portal gave it at launch. */
  b24UserName: string | null;
}

export interface MintedSession {
  token: string;
  expiresAt: string;
}

/** Short-lived signed tokens that name a partner (and the Bitrix24 user, when one is known). */
@Injectable()
export class SessionTokens {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  mint(session: PartnerSession): MintedSession {
    return this.sign(session, this.nowSeconds());
  }

  /**
   * A new token for the same session while the page stays open, or null once the session is
   * SESSION_MAX_AGE_SECONDS old: then only a new launch from Bitrix24 opens one.
   */
  renew(token: string): MintedSession | null {
    const claims = this.read(token);
    if (!claims) return null;
    if (this.nowSeconds() - claims.lat >= this.config.SESSION_MAX_AGE_SECONDS) return null;
    return this.sign(toSession(claims), claims.lat);
  }

  verify(token: string): PartnerSession | null {
    const claims = this.read(token);
    return claims && toSession(claims);
  }

  private sign(session: PartnerSession, launchedAt: number): MintedSession {
    const issuedAt = this.nowSeconds();
    const expiresAt = Math.min(issuedAt + this.config.SESSION_TTL_SECONDS, launchedAt + this.config.SESSION_MAX_AGE_SECONDS);
    const claims: SessionClaims = { sub: session.partnerId, lat: launchedAt, typ: 'partner-session' };
    if (session.b24UserId) claims.b24u = session.b24UserId;
    if (session.b24UserName) claims.b24n = session.b24UserName;
    const token = this.jwt.sign({ ...claims, iat: issuedAt, exp: expiresAt }, { algorithm: 'HS256' });
    return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
  }

  private read(token: string): SessionClaims | null {
    try {
      const claims = this.jwt.verify<SessionClaims>(token, { algorithms: ['HS256'], clockTimestamp: this.nowSeconds() });
      if (claims.typ !== 'partner-session' || typeof claims.sub !== 'string') return null;
      return { ...claims, lat: typeof claims.lat === 'number' ? claims.lat : (claims as { iat?: number }).iat ?? 0 };
    } catch {
      return null;
    }
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}

function toSession(claims: SessionClaims): PartnerSession {
  return { partnerId: claims.sub, b24UserId: claims.b24u ?? null, b24UserName: claims.b24n ?? null };
}
