import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../../../shared/auth/access.decorator';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { ApiIdParam, IdParam } from '../../../shared/http/id-param';
import { PageQueryDto } from '../../../shared/http/page-query.dto';
import { MintPartnerSession } from '../application/mint-partner-session';
import { PartnerDirectory, PartnerRecord } from '../application/partner-directory';
import { RegisterPartner } from '../application/register-partner';
import { UpdatePartner } from '../application/update-partner';
import { CreatePartnerDto, MintSessionDto, UpdatePartnerDto } from './partner.dto';
import { PartnerPageView, PartnerView, SessionView } from './partner.views';

@ApiTags('partners (operator)')
@Access('operator')
@Controller('partners')
export class PartnersController {
  constructor(
    private readonly register: RegisterPartner,
    private readonly update: UpdatePartner,
    private readonly directory: PartnerDirectory,
    private readonly mintSession: MintPartnerSession,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register a partner' })
  @ApiCreatedResponse({ type: PartnerView })
  @ApiProblems(400, 401, 403, 409)
  async create(@Body() body: CreatePartnerDto): Promise<PartnerView> {
    const partner = await this.register.execute(body);
    return toView((await this.directory.withDetails([partner]))[0]);
  }

  @Get()
  @ApiOperation({ summary: 'List partners, newest first' })
  @ApiOkResponse({ type: PartnerPageView })
  @ApiProblems(400, 401, 403)
  async list(@Query() query: PageQueryDto): Promise<PartnerPageView> {
    const { items, nextCursor } = await this.directory.list(query.limit, query.cursor);
    return { items: items.map(toView), nextCursor };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a partner with its eligibility and claim statistics' })
  @ApiIdParam('Partner id')
  @ApiOkResponse({ type: PartnerView })
  @ApiProblems(401, 403, 404)
  async get(@IdParam('Partner') id: string): Promise<PartnerView> {
    return toView(await this.directory.get(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a partner (contract status, cap, portal domain, …)' })
  @ApiIdParam('Partner id')
  @ApiOkResponse({ type: PartnerView })
  @ApiProblems(400, 401, 403, 404, 409)
  async patch(@IdParam('Partner') id: string, @Body() body: UpdatePartnerDto): Promise<PartnerView> {
    const partner = await this.update.execute(id, body);
    return toView((await this.directory.withDetails([partner]))[0]);
  }

  @Post(':id/sessions')
  @ApiOperation({ summary: 'Mint a partner session token for a partner\'s integration' })
  @ApiIdParam('Partner id')
  @ApiCreatedResponse({ type: SessionView })
  @ApiProblems(400, 401, 403, 404)
  async session(@IdParam('Partner') id: string, @Body() body: MintSessionDto): Promise<SessionView> {
    return this.mintSession.execute(id, body.b24UserId ?? null);
  }
}

function toView({ partner, claimCap, eligibility, stats }: PartnerRecord): PartnerView {
  return {
    id: partner.id,
    name: partner.name,
    contractNumber: partner.contractNumber,
    contractStatus: partner.contractStatus,
    websiteUrl: partner.websiteUrl,
    offerPageUrl: partner.offerPageUrl,
    portalDomain: partner.portalDomain,
    claimCap,
    claimCapOverride: partner.claimCap,
    eligibility,
    stats,
    createdAt: partner.createdAt.toISOString(),
    updatedAt: partner.updatedAt.toISOString(),
  };
}
