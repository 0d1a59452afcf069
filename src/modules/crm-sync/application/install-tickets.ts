import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Clock } from '../../../shared/time/clock';

const TTL_SECONDS = 30 * 60;

export interface InstallTicket {
  memberId: string;
  b24UserId: string;
  /** The personal-data agreement version the page showed: the one an acceptance records. */
  version: string;
}

/**
 * The install page's proof, when the administrator accepts the agreement, that it was served to a
 * verified installation of that portal by that user.
 */
@Injectable()
export class InstallTickets {
  constructor(
    private readonly jwt: JwtService,
    private readonly clock: Clock,
  ) {}

  issue(ticket: InstallTicket): string {
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    return this.jwt.sign(
      { typ: 'b24-install', mid: ticket.memberId, uid: ticket.b24UserId, ver: ticket.version, iat, exp: iat + TTL_SECONDS },
      { algorithm: 'HS256' },
    );
  }

  read(token: string): InstallTicket | null {
    try {
      const claims = this.jwt.verify<{ typ: string; mid: string; uid: string; ver?: unknown }>(token, {
        algorithms: ['HS256'],
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
      if (claims.typ !== 'b24-install' || typeof claims.ver !== 'string') return null;
      return { memberId: claims.mid, b24UserId: claims.uid, version: claims.ver };
    } catch {
      return null;
    }
  }
}
