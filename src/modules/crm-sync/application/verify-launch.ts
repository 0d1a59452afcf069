import { Injectable } from '@nestjs/common';
import { Bitrix24Config } from '../crm-sync.config';
import { Portal } from '../domain/portal';
import { Bitrix24Client } from '../infrastructure/bitrix24';
import { exchange } from '../infrastructure/bitrix24/http-exchange';
import { PortalRepository } from '../infrastructure/portal.repository';

export interface VerifiedLaunch {
  portal: Portal;
  b24UserId: string;
  b24UserName: string | null;
  formerDomain: string | null;
}

/** Why a launch opens no session: each gets a page of its own telling the user what to do. */
export type LaunchRefusal = 'unverified' | 'suspended' | 'uninstalled';

export class LaunchRefused extends Error {
  constructor(readonly reason: LaunchRefusal) {
    super(`launch refused: ${reason}`);
  }
}

export interface LaunchRequest {
  memberId: string;
  authId: string;
  applicationToken: string;
}

/**
 * A placement launch is believed only after its AUTH_ID works against the REST endpoint stored
 * for that member id (never the DOMAIN the request names) and its APPLICATION_TOKEN is the one the
 * portal gave us. A portal renamed since answers 302 at the stored address.
 */
@Injectable()
export class VerifyLaunch {
  constructor(
    private readonly portals: PortalRepository,
    private readonly client: Bitrix24Client,
    private readonly config: Bitrix24Config,
  ) {}

  /** `formerDomain`: the portal was renamed during this launch, and was known by that address until now. */
  async verify(launch: LaunchRequest): Promise<VerifiedLaunch> {
    const refuse = () => new LaunchRefused('unverified');
    let portal = await this.portals.find(launch.memberId);
    if (portal?.status === 'suspended' || portal?.status === 'uninstalled') throw new LaunchRefused(portal.status);
    if (portal?.status !== 'installed') throw refuse();
    if (!(await this.portals.applicationTokenMatches(launch.memberId, launch.applicationToken))) throw refuse();
    let answer = await this.currentUser(portal.clientEndpoint, launch.authId);
    let formerDomain: string | null = null;
    if (answer.status >= 300 && answer.status < 400) {
      // Renamed: the OAuth server says where the portal lives now; the launch is checked there once.
      const endpoint = await this.client.relocate(portal.memberId, portal.clientEndpoint);
      if (endpoint === portal.clientEndpoint) throw refuse();
      answer = await this.currentUser(endpoint, launch.authId);
      formerDomain = portal.domain;
      portal = (await this.portals.find(launch.memberId)) ?? portal;
    }
    const user = (answer.body as { result?: { ID?: unknown; NAME?: unknown; LAST_NAME?: unknown } } | undefined)?.result;
    const id = user?.ID;
    if (answer.status !== 200 || (typeof id !== 'string' && typeof id !== 'number')) throw refuse();
    const name = [user?.NAME, user?.LAST_NAME].filter((part) => typeof part === 'string' && part.trim()).join(' ').trim();
    return {
      portal,
      b24UserId: String(id),
      b24UserName: name ? name.slice(0, 200) : null,
      formerDomain: formerDomain === portal.domain ? null : formerDomain,
    };
  }

  private currentUser(clientEndpoint: string, authId: string) {
    return exchange(
      { url: `${clientEndpoint}user.current`, method: 'POST', json: { auth: authId }, timeoutMs: this.config.B24_TIMEOUT_MS },
      'launch check',
    );
  }
}
