import { Injectable } from '@nestjs/common';
import { bitrix24FrameAncestors } from '../domain/bitrix24-frame-ancestors';
import { Bitrix24Config } from '../crm-sync.config';
import { PortalRepository } from '../infrastructure/portal.repository';

/**
 * Who may show our pages in an iframe: the portals that installed the app, and Bitrix24's cloud.
 * Read on every page, so an uninstalled portal loses the right at once.
 */
@Injectable()
export class PortalFrameAncestors {
  constructor(
    private readonly portals: PortalRepository,
    private readonly config: Bitrix24Config,
  ) {}

  async list(): Promise<string[]> {
    return bitrix24FrameAncestors(await this.portals.installedSites(), this.config.B24_ALLOW_INSECURE_PORTALS);
  }
}
