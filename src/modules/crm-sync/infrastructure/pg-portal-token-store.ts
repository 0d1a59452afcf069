import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { domainEvent } from '../../../shared/events/domain-event';
import { EventBus } from '../../../shared/events/event-bus';
import { Clock } from '../../../shared/time/clock';
import { PortalMoved } from '../contract';
import { Bitrix24Error, PortalCredentials, PortalTokenStore } from './bitrix24';
import { Bitrix24Config } from '../crm-sync.config';
import { portalOfEndpoint } from './bitrix24/endpoint-guard';
import { PortalRepository } from './portal.repository';

/**
 * Token pairs in PostgreSQL. A refresh runs under the portal row's lock, so instances take turns
 * and each sees the pair the previous one stored. The portal's address is derived again from the
 * endpoint each refresh returns, so a renamed portal is known by its new address.
 */
@Injectable()
export class PgPortalTokenStore extends PortalTokenStore {
  constructor(
    private readonly db: TransactionRunner,
    private readonly portals: PortalRepository,
    private readonly config: Bitrix24Config,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {
    super();
  }

  async current(memberId: string): Promise<PortalCredentials | null> {
    const stored = await this.portals.tokens(memberId);
    return stored && credentialsOf(memberId, stored);
  }

  rotate(memberId: string, work: (stored: PortalCredentials) => Promise<PortalCredentials | null>): Promise<PortalCredentials> {
    return this.db.run(async (tx) => {
      const row = await this.portals.tokens(memberId, tx);
      if (!row) throw new Bitrix24Error('AUTH', 'PORTAL_NOT_INSTALLED', 'the portal uninstalled the app');
      const stored = credentialsOf(memberId, row);
      const next = await work(stored);
      if (!next) return stored;
      const domain = portalOfEndpoint(next.clientEndpoint, this.config.B24_ALLOW_INSECURE_PORTALS);
      if (!domain) throw new Bitrix24Error('AUTH', 'NO_ENDPOINT', 'the OAuth server named no portal');
      await this.portals.saveTokens(tx, memberId, next, { clientEndpoint: next.clientEndpoint, domain });
      if (domain !== row.domain) {
        const moved: PortalMoved = domainEvent('crm.portal-moved', { memberId, from: row.domain, to: domain }, this.clock.now());
        await this.events.publish(tx, [moved]);
      }
      return next;
    });
  }
}

function credentialsOf(memberId: string, row: Omit<PortalCredentials, 'memberId'> & { domain: string }): PortalCredentials {
  const { clientEndpoint, accessToken, refreshToken, expiresAt } = row;
  return { memberId, clientEndpoint, accessToken, refreshToken, expiresAt };
}
