import { Injectable } from '@nestjs/common';
import { portalAddress, PortalStatus, PortalStatusQuery } from '../contract';
import { PortalRepository } from '../infrastructure/portal.repository';

@Injectable()
export class RegistryPortalStatus extends PortalStatusQuery {
  constructor(private readonly portals: PortalRepository) {
    super();
  }

  async statusAt(address: string): Promise<PortalStatus | null> {
    const normalized = portalAddress(address);
    return normalized ? this.portals.statusAt(normalized) : null;
  }
}
