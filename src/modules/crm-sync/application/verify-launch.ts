import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../shared/domain/domain-error';
import { Bitrix24Config } from '../crm-sync.config';
import { Portal } from '../domain/portal';
import { exchange } from '../infrastructure/bitrix24/http-exchange';
import { PortalRepository } from '../infrastructure/portal.repository';

export interface LaunchRequest {
  memberId: string;
  authId: string;
  applicationToken: string;
}

/**
 * A placement launch is believed only after its AUTH_ID works against the REST endpoint stored
 * for that member id at install (never the DOMAIN the request names) and its APPLICATION_TOKEN is
 * the one the portal gave us.
 */
@Injectable()
export class VerifyLaunch {
  constructor(
    private readonly portals: PortalRepository,
    private readonly config: Bitrix24Config,
  ) {}

  async verify(launch: LaunchRequest): Promise<{ portal: Portal; b24UserId: string }> {
    const refuse = () => new DomainError('UNAUTHENTICATED', 'This launch could not be verified.');
    const portal = await this.portals.find(launch.memberId);
    if (portal?.status !== 'installed') throw refuse();
    if (!(await this.portals.applicationTokenMatches(launch.memberId, launch.applicationToken))) throw refuse();
    const answer = await exchange(
      { url: `${portal.clientEndpoint}user.current`, method: 'POST', json: { auth: launch.authId }, timeoutMs: this.config.B24_TIMEOUT_MS },
      'launch check',
    );
    const id = (answer.body as { result?: { ID?: unknown } } | undefined)?.result?.ID;
    if (answer.status !== 200 || (typeof id !== 'string' && typeof id !== 'number')) throw refuse();
    return { portal, b24UserId: String(id) };
  }
}
