import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPartner } from '../../../shared/auth/access.decorator';
import { PartnerPrincipal } from '../../../shared/auth/principal';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { ApiIdParam, IdParam } from '../../../shared/http/id-param';
import { PageQueryDto } from '../../../shared/http/page-query.dto';
import { RevealsContacts } from '../../../shared/security/rate-limit-policy';
import { PartnerClaimViews } from './partner-claim-views';
import { PartnerLeadViews } from './partner-lead-views';
import { toClaimDetailView, toPartnerClaimView } from './marketplace-view.mapper';
import { ClaimDetailView, ClaimPageView, MeView, PartnerClaimView } from './marketplace.views';

/**
 * The partner API (marketplace/): what the Bitrix24 app page and partners' integrations call.
 * Contacts appear only through the partner's own claim; see partner-lead-views.ts.
 */
@ApiTags('claims (partner)')
@Access('partner')
@Controller()
export class PartnerClaimsController {
  constructor(
    private readonly claims: PartnerClaimViews,
    private readonly leads: PartnerLeadViews,
  ) {}

  @Get('claims')
  @ApiOperation({ summary: 'My claims, newest first' })
  @ApiOkResponse({ type: ClaimPageView })
  @ApiProblems(400, 401, 403)
  async list(@CurrentPartner() who: PartnerPrincipal, @Query() q: PageQueryDto): Promise<ClaimPageView> {
    const { items, nextCursor } = await this.claims.list(who, q.limit, q.cursor);
    return { items: items.map(toPartnerClaimView), nextCursor };
  }

  @Get('claims/:id/state')
  @ApiOperation({
    summary: 'One of my claims without the contacts: its status and deal, for polling',
    description: 'Reveals nothing, so it is not counted as a disclosure: poll this while the deal is being created.',
  })
  @ApiIdParam('Claim id')
  @ApiOkResponse({ type: PartnerClaimView })
  @ApiProblems(401, 403, 404)
  async state(@CurrentPartner() who: PartnerPrincipal, @IdParam('Claim') id: string): Promise<PartnerClaimView> {
    return toPartnerClaimView(await this.claims.state(who, id));
  }

  @Get('claims/:id')
  @RevealsContacts()
  @ApiOperation({ summary: 'One of my claims, with the customer\'s contacts' })
  @ApiIdParam('Claim id')
  @ApiOkResponse({ type: ClaimDetailView })
  @ApiProblems(401, 403, 404)
  async get(@CurrentPartner() who: PartnerPrincipal, @IdParam('Claim') id: string): Promise<ClaimDetailView> {
    const { claim, disclosure } = await this.claims.get(who, id);
    return toClaimDetailView(claim, disclosure);
  }

  @Get('me')
  @ApiOperation({ summary: 'My partner profile, eligibility with reasons, and how many requests I have in work' })
  @ApiOkResponse({ type: MeView })
  @ApiProblems(401, 403)
  async me(@CurrentPartner() who: PartnerPrincipal): Promise<MeView> {
    const { standing, capacity, portal } = await this.leads.standing(who);
    return { partner: { id: standing.partnerId, name: standing.name }, eligibility: standing.eligibility, cap: capacity, portal };
  }
}
