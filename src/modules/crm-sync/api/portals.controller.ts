import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Access } from '../../../shared/auth/access.decorator';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { PartnerAccess } from '../../partners/contract';
import { PortalRepository } from '../infrastructure/portal.repository';

class PortalView {
  @ApiProperty({ example: 'a1b2c3d4e5' }) memberId: string;
  @ApiProperty({ example: 'partner.bitrix24.ru' }) domain: string;
  @ApiProperty({ enum: ['installed', 'suspended', 'uninstalled'], description: 'suspended: Bitrix24 refuses our grant (the app was removed and no uninstall event came); a new install resumes it' })
  status: string;
  @ApiProperty({ format: 'date-time' }) installedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) uninstalledAt: string | null;
  @ApiProperty({ description: 'Our event handlers are bound on the portal' }) handlersBound: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The partner registered with this portal domain; null: unmatched' })
  partnerId: string | null;
}

@ApiTags('bitrix24 portals (operator)')
class PortalConflictView {
  @ApiProperty({ example: 'f00ba7', description: 'The portal whose install was refused' }) memberId: string;
  @ApiProperty({ example: 'partner.bitrix24.ru' }) domain: string;
  @ApiProperty({ example: 'a1b2c3d4e5', description: 'The installed portal that holds the address' }) heldBy: string;
  @ApiProperty({ format: 'date-time' }) attemptedAt: string;
}

@Access('operator')
@Controller('portals')
export class PortalsController {
  constructor(
    private readonly portals: PortalRepository,
    private readonly partners: PartnerAccess,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Portals that installed the app, with the partner each belongs to (or none)' })
  @ApiOkResponse({ type: [PortalView] })
  @ApiProblems(401, 403)
  async list(): Promise<PortalView[]> {
    const portals = await this.portals.list();
    return Promise.all(
      portals.map(async (p) => ({
        memberId: p.memberId,
        domain: p.domain,
        status: p.status,
        installedAt: p.installedAt.toISOString(),
        uninstalledAt: p.uninstalledAt?.toISOString() ?? null,
        handlersBound: p.handlersBoundAt !== null,
        partnerId: (await this.partners.withPortalDomain(p.domain))[0] ?? null,
      })),
    );
  }

  @Get('conflicts')
  @ApiOperation({
    summary: 'Installs refused because another installed portal holds the same address, newest first',
    description: 'One address belongs to one installed portal. Resolve by uninstalling the stale portal or asking Bitrix24 which one is live.',
  })
  @ApiOkResponse({ type: [PortalConflictView] })
  @ApiProblems(401, 403)
  async conflicts(): Promise<PortalConflictView[]> {
    const conflicts = await this.portals.conflicts(100);
    return conflicts.map((c) => ({ ...c, attemptedAt: c.attemptedAt.toISOString() }));
  }
}
