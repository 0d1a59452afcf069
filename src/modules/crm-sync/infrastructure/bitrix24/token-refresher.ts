import { OAuthSettings, refreshTokenPair } from './oauth-refresh';
import { PortalCredentials, PortalTokenStore } from './portal-credentials';

/**
 * Single flight per portal: in this process concurrent callers share one refresh; across processes
 * `rotate` serialises, and a pair that changed since our call failed means someone else already
 * refreshed. Bitrix24 invalidates a refresh token once used, so a second refresh would end in
 * invalid_grant and lose the portal.
 */
export class TokenRefresher {
  private readonly inFlight = new Map<string, Promise<PortalCredentials>>();

  constructor(
    private readonly tokens: PortalTokenStore,
    private readonly oauth: OAuthSettings,
  ) {}

  refresh(memberId: string, failedAccessToken: string): Promise<PortalCredentials> {
    const running = this.inFlight.get(memberId);
    if (running) return running;
    const refreshing = this.tokens
      .rotate(memberId, (stored) =>
        stored.accessToken !== failedAccessToken ? Promise.resolve(null) : refreshTokenPair(this.oauth, stored),
      )
      .finally(() => this.inFlight.delete(memberId));
    this.inFlight.set(memberId, refreshing);
    return refreshing;
  }
}
