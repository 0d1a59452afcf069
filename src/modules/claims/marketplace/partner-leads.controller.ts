import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPartner } from '../../../shared/auth/access.decorator';
import { PartnerPrincipal } from '../../../shared/auth/principal';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { ApiIdParam, IdParam } from '../../../shared/http/id-param';
import { NoBodyFields } from '../../../shared/http/no-body-fields.pipe';
import { NoStoredReplay } from '../../../shared/idempotency/no-stored-replay.decorator';
import { RevealsContacts } from '../../../shared/security/rate-limit-policy';
import { PartnerLeadViews } from './partner-lead-views';
import { TakeClaim } from '../application/take-claim';
import { LeadListQueryDto } from './lead-list-query.dto';
import { toClaimDetailView, toLeadView } from './marketplace-view.mapper';
import { ClaimDetailView, LeadFacetsView, LeadPageView, LeadView } from './marketplace.views';

/**
 * The partner API (marketplace/): what the Bitrix24 app page and partners' integrations call.
 * Contacts appear only through the partner's own claim; see partner-lead-views.ts.
 */
@ApiTags('leads (partner)')
@Access('partner')
@Controller('leads')
export class PartnerLeadsController {
  constructor(
    private readonly views: PartnerLeadViews,
    private readonly take: TakeClaim,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Open requests, newest first; contacts hidden unless I took the request' })
  @ApiOkResponse({ type: LeadPageView })
  @ApiProblems(400, 401, 403)
  async list(@CurrentPartner() who: PartnerPrincipal, @Query() q: LeadListQueryDto): Promise<LeadPageView> {
    const filter = { region: q.region, industry: q.industry, sizeBand: q.sizeBand, product: q.product };
    const { items, nextCursor, capacity } = await this.views.list(who, filter, q.limit, q.cursor);
    return { items: items.map(toLeadView), nextCursor, cap: capacity };
  }

  @Get('facets')
  @ApiOperation({ summary: 'The regions, industries, sizes and products open requests have, for filters' })
  @ApiOkResponse({ type: LeadFacetsView })
  @ApiProblems(401, 403)
  facets(): Promise<LeadFacetsView> {
    return this.views.facets();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One request; contacts hidden unless I took it' })
  @ApiIdParam('Lead id')
  @ApiOkResponse({ type: LeadView })
  @ApiProblems(401, 403, 404)
  async get(@CurrentPartner() who: PartnerPrincipal, @IdParam('Lead') id: string): Promise<LeadView> {
    return toLeadView(await this.views.get(who, id));
  }

  @Post(':id/claims')
  @RevealsContacts()
  @NoStoredReplay()
  @ApiOperation({
    summary: 'Взять заявку: take the request and receive the customer\'s contacts',
    description:
      'Safe to retry without an Idempotency-Key (it is ignored here): a repeated take answers 409 ALREADY_CLAIMED, ' +
      'and GET /leads/{id} then shows myClaimId. Answers are never stored for replay because they carry personal data.',
  })
  @ApiIdParam('Lead id')
  @ApiCreatedResponse({ type: ClaimDetailView })
  @ApiProblems(401, 403, 404, 409)
  async claim(
    @CurrentPartner() who: PartnerPrincipal,
    @IdParam('Lead') id: string,
    @Body(NoBodyFields) _nothing: unknown,
  ): Promise<ClaimDetailView> {
    const { claim, disclosure } = await this.take.execute(who, id);
    return toClaimDetailView(claim, disclosure);
  }
}
