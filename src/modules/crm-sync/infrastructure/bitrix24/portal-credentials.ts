export interface PortalCredentials {
  memberId: string;
  clientEndpoint: string;
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
}

/** Storage the client needs; the crm-sync module implements it on PostgreSQL (row lock per portal). */
export abstract class PortalTokenStore {
  abstract current(memberId: string): Promise<PortalCredentials | null>;
  /**
   * Runs `work` while holding a cluster-wide lock on this portal's token pair; `work` receives the
   * pair as stored at that moment and returns the pair to store (or null to keep it).
   */
  abstract rotate(
    memberId: string,
    work: (stored: PortalCredentials) => Promise<PortalCredentials | null>,
  ): Promise<PortalCredentials>;
}

/** Cluster-wide leaky bucket per portal; the module implements it on PostgreSQL. Resolves when a request may be sent. */
export abstract class PortalRateLimiter {
  abstract acquire(memberId: string): Promise<void>;
}
