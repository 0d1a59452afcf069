import { Injectable } from '@nestjs/common';
import { failureReason } from '../../../shared/domain/failure-reason';
import { Clock } from '../../../shared/time/clock';
import { portalAddress, PortalEvidence, PortalEvidenceQuery, PortalPlan } from '../contract';
import { Bitrix24Client } from '../infrastructure/bitrix24';
import { PortalRepository } from '../infrastructure/portal.repository';

/** imopenlines.config.list.get pages by offset, at most 200 a page, and says nothing of a next page. */
const OPEN_LINES_PAGE = 200;
const OPEN_LINES_PAGES = 20;

interface AppInfo {
  LICENSE?: unknown;
  LICENSE_TYPE?: unknown;
  LICENSE_PREVIOUS?: unknown;
}

const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : null);

/** Without the Bitrix24 app configured, only the stored install state is known. */
@Injectable()
export class StoredPortalEvidence extends PortalEvidenceQuery {
  constructor(
    protected readonly portals: PortalRepository,
    protected readonly clock: Clock,
  ) {
    super();
  }

  async read(address: string): Promise<PortalEvidence> {
    const normalized = portalAddress(address) ?? address;
    const status = await this.portals.statusAt(normalized);
    return { address: normalized, status, plan: null, activeOpenLines: null, failure: 'the Bitrix24 application is not configured', readAt: this.clock.now() };
  }
}

/** Asks the installed portal itself, with the app's tokens: its plan and its Open Lines. */
@Injectable()
export class Bitrix24PortalEvidence extends StoredPortalEvidence {
  constructor(
    portals: PortalRepository,
    clock: Clock,
    private readonly client: Bitrix24Client,
  ) {
    super(portals, clock);
  }

  override async read(address: string): Promise<PortalEvidence> {
    const stored = await super.read(address);
    const memberId = stored.status === 'installed' ? await this.portals.installedMemberIdByDomain(stored.address) : null;
    if (!memberId) return { ...stored, failure: 'the app is not installed on this portal' };
    try {
      const info = await this.client.call<AppInfo>(memberId, 'app.info');
      const plan: PortalPlan = { license: text(info.LICENSE), licenseType: text(info.LICENSE_TYPE), licensePrevious: text(info.LICENSE_PREVIOUS) };
      return { ...stored, plan, ...(await this.openLines(memberId)), readAt: this.clock.now() };
    } catch (error) {
      return { ...stored, failure: failureReason(error), readAt: this.clock.now() };
    }
  }

  /** An Open Lines failure (the imopenlines scope not granted, say) leaves the plan standing. */
  private async openLines(memberId: string): Promise<{ activeOpenLines: number | null; failure: string | null }> {
    try {
      let active = 0;
      for (let page = 0; page < OPEN_LINES_PAGES; page++) {
        const lines = await this.client.call<Array<{ ACTIVE?: unknown }>>(memberId, 'imopenlines.config.list.get', {
          PARAMS: { select: ['ID', 'ACTIVE'], limit: OPEN_LINES_PAGE, offset: page * OPEN_LINES_PAGE },
        });
        active += lines.filter((l) => l.ACTIVE === 'Y').length;
        if (lines.length < OPEN_LINES_PAGE) break;
      }
      return { activeOpenLines: active, failure: null };
    } catch (error) {
      return { activeOpenLines: null, failure: `open lines: ${failureReason(error)}` };
    }
  }
}
