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
    return this.once(memberId, (stored) => stored.accessToken === failedAccessToken);
  }

  /**
   * The portal answered 302 at `movedEndpoint` (it was renamed): a refresh at the OAuth server
   * names its endpoint now. Never the redirect's Location, which nothing vouches for.
   */
  relocate(memberId: string, movedEndpoint: string): Promise<PortalCredentials> {
    return this.once(memberId, (stored) => stored.clientEndpoint === movedEndpoint);
  }

  /** Refreshes unless the stored pair shows someone already did (`stale` is false for it). */
  private once(memberId: string, stale: (stored: PortalCredentials) => boolean): Promise<PortalCredentials> {
    const running = this.inFlight.get(memberId);
    if (running) return running;
    const refreshing = this.tokens
      .rotate(memberId, (stored) => (stale(stored) ? refreshTokenPair(this.oauth, stored) : Promise.resolve(null)))
      .finally(() => this.inFlight.delete(memberId));
    this.inFlight.set(memberId, refreshing);
    return refreshing;
  }
}
