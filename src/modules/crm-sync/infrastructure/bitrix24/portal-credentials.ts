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

/**
 * Whether a portal answers at all. Calls that time out or fail on the portal's side in a row open
 * a circuit: until it closes, calls fail at once (PORTAL_UNAVAILABLE) instead of each waiting out
 * its timeout. The module keeps it in PostgreSQL, so every instance sees the same circuit.
 */
export abstract class PortalHealth {
  abstract unavailableUntil(memberId: string): Promise<Date | null>;
  abstract failed(memberId: string): Promise<void>;
  /** Bitrix24 refused our grant (invalid_grant, invalid_client, APPLICATION_NOT_FOUND): repeated, the portal is suspended. */
  abstract refused(memberId: string): Promise<void>;
  abstract answered(memberId: string): Promise<void>;
}

/** For clients that need no circuit (the client's own tests). */
export const ALWAYS_AVAILABLE: PortalHealth = {
  unavailableUntil: () => Promise.resolve(null),
  failed: () => Promise.resolve(),
  refused: () => Promise.resolve(),
  answered: () => Promise.resolve(),
};
