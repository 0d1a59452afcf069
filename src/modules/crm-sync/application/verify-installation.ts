import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../shared/domain/domain-error';
import { Bitrix24Config } from '../crm-sync.config';
import { Bitrix24Error } from '../infrastructure/bitrix24';
import { safeClientEndpoint } from '../infrastructure/bitrix24/endpoint-guard';
import { refreshTokenPair } from '../infrastructure/bitrix24/oauth-refresh';

export interface VerifiedInstallation {
  memberId: string;
  clientEndpoint: string;
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
}

/**
 * Anyone can post to the install URL, so nothing in the request is believed on its own: the
 * refresh token it carries is traded at the OAuth server with our client secret. Only a token
 * Bitrix24 issued to this app works, and the answer names the portal (member id, REST endpoint).
 */
@Injectable()
export class VerifyInstallation {
  constructor(private readonly config: Bitrix24Config) {}

  async verify(memberId: string, refreshToken: string): Promise<VerifiedInstallation> {
    try {
      const pair = await refreshTokenPair(
        {
          oauthUrl: this.config.B24_OAUTH_URL,
          clientId: this.config.B24_CLIENT_ID!,
          clientSecret: this.config.B24_CLIENT_SECRET!,
          timeoutMs: this.config.B24_TIMEOUT_MS,
        },
        { memberId, clientEndpoint: '', accessToken: '', refreshToken, expiresAt: new Date(0) },
      );
      if (!pair.clientEndpoint) throw new Bitrix24Error('AUTH', 'NO_ENDPOINT', 'the OAuth server named no portal');
      return { ...pair, clientEndpoint: safeClientEndpoint(pair.clientEndpoint, this.config.B24_ALLOW_INSECURE_PORTALS) };
    } catch (error) {
      if (error instanceof Bitrix24Error && error.kind !== 'TEMPORARY' && error.kind !== 'RATE_LIMIT') {
        throw new DomainError('UNAUTHENTICATED', 'The installation could not be verified with Bitrix24.');
      }
      if (error instanceof Bitrix24Error) {
        throw new DomainError('SERVICE_UNAVAILABLE', 'Bitrix24 could not be reached; try the installation again.');
      }
      throw error;
    }
  }
}
