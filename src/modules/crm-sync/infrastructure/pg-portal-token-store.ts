import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { Bitrix24Error, PortalCredentials, PortalTokenStore } from './bitrix24';
import { PortalRepository } from './portal.repository';

/**
 * Token pairs in PostgreSQL. A refresh runs under the portal row's lock, so instances take turns
 * and each sees the pair the previous one stored.
 */
@Injectable()
export class PgPortalTokenStore extends PortalTokenStore {
  constructor(
    private readonly db: TransactionRunner,
    private readonly portals: PortalRepository,
  ) {
    super();
  }

  async current(memberId: string): Promise<PortalCredentials | null> {
    const stored = await this.portals.tokens(memberId);
    return stored && { memberId, ...stored };
  }

  rotate(memberId: string, work: (stored: PortalCredentials) => Promise<PortalCredentials | null>): Promise<PortalCredentials> {
    return this.db.run(async (tx) => {
      const row = await this.portals.tokens(memberId, tx);
      if (!row) throw new Bitrix24Error('AUTH', 'PORTAL_NOT_INSTALLED', 'the portal uninstalled the app');
      const stored: PortalCredentials = { memberId, ...row };
      const next = await work(stored);
      if (!next) return stored;
      await this.portals.saveTokens(tx, memberId, next, next.clientEndpoint);
      return next;
    });
  }
}
