import { randomBytes } from 'node:crypto';

export const ACCESS_TTL_S = 3600;
const REFRESH_TTL_S = 180 * 24 * 3600;
const CODE_TTL_S = 30;

export function randomToken(): string {
  return randomBytes(16).toString('hex');
}

interface Grant {
  memberId: string;
  userId: number;
  expiresAt: number;
  /** Why the token no longer works, if it does not. */
  dead?: 'used' | 'revoked' | 'expired';
}

export type AccessCheck =
  | { ok: true; memberId: string; userId: number }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

/** Access tokens, rotating refresh tokens and authorization codes of every portal. */
export class TokenStore {
  private readonly access = new Map<string, Grant>();
  private readonly refresh = new Map<string, Grant>();
  private readonly codes = new Map<string, Grant>();

  constructor(private readonly now: () => number) {}

  issuePair(memberId: string, userId: number): { accessToken: string; refreshToken: string; expiresAt: number } {
    const t = this.now();
    const accessToken = randomToken();
    const refreshToken = randomToken();
    this.access.set(accessToken, { memberId, userId, expiresAt: t + ACCESS_TTL_S * 1000 });
    this.refresh.set(refreshToken, { memberId, userId, expiresAt: t + REFRESH_TTL_S * 1000 });
    return { accessToken, refreshToken, expiresAt: t + ACCESS_TTL_S * 1000 };
  }

  issueCode(memberId: string, userId: number): string {
    const code = randomToken();
    this.codes.set(code, { memberId, userId, expiresAt: this.now() + CODE_TTL_S * 1000 });
    return code;
  }

  checkAccess(token: string): AccessCheck {
    const g = this.access.get(token);
    if (!g) return { ok: false, reason: 'unknown' };
    if (g.dead === 'revoked') return { ok: false, reason: 'revoked' };
    if (g.dead === 'expired' || this.now() >= g.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, memberId: g.memberId, userId: g.userId };
  }

  /** The grant behind a refresh token or code, spent on success (each is single-use). */
  spend(kind: 'refresh' | 'code', token: string): Grant | { error: 'invalid_grant' } {
    const map = kind === 'refresh' ? this.refresh : this.codes;
    const g = map.get(token);
    if (!g || g.dead || this.now() >= g.expiresAt) return { error: 'invalid_grant' };
    g.dead = 'used';
    return g;
  }

  peekMember(kind: 'refresh' | 'code', token: string): string | undefined {
    return (kind === 'refresh' ? this.refresh : this.codes).get(token)?.memberId;
  }

  expireAccess(memberId: string): void {
    for (const g of this.access.values()) if (g.memberId === memberId && !g.dead) g.dead = 'expired';
  }

  revokePortal(memberId: string): void {
    for (const map of [this.access, this.refresh, this.codes])
      for (const g of map.values()) if (g.memberId === memberId) g.dead = 'revoked';
  }
}
