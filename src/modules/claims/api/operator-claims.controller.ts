import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal } from '../../../shared/auth/access.decorator';
import { Principal } from '../../../shared/auth/principal';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { ApiIdParam, IdParam } from '../../../shared/http/id-param';
import { CloseClaim } from '../application/close-claim';
import { ClaimRepository } from '../infrastructure/claim.repository';
import { CloseClaimDto } from './close-claim.dto';
import { toClaimView } from '../marketplace/marketplace-view.mapper';
import { ClaimView } from '../marketplace/marketplace.views';
import { LeadHolderView } from './lead-holder.view';

@ApiTags('claims (operator)')
@Access('operator')
@Controller()
export class OperatorClaimsController {
  constructor(
    private readonly close: CloseClaim,
    private readonly claims: ClaimRepository,
  ) {}

  @Post('claims/:id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Override: close a claim as won (with proof) or lost' })
  @ApiIdParam('Claim id')
  @ApiOkResponse({ type: ClaimView })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async closeClaim(
    @IdParam('Claim') id: string,
    @Body() body: CloseClaimDto,
    @CurrentPrincipal() who: Principal,
  ): Promise<ClaimView> {
    return toClaimView(await this.close.execute(id, body, `operator:${who.clientId}`));
  }

  @Get('leads/:id/claims')
  @ApiOperation({ summary: 'Which partners took a request' })
  @ApiIdParam('Lead id')
  @ApiOkResponse({ type: [LeadHolderView] })
  @ApiProblems(401, 403, 404)
  async holders(@IdParam('Lead') id: string): Promise<LeadHolderView[]> {
    const claims = await this.claims.listForLead(id);
    return claims.map((c) => ({
      claimId: c.id,
      partnerId: c.partnerId,
      status: c.status,
      takenAt: c.takenAt.toISOString(),
      closedAt: c.closedAt?.toISOString() ?? null,
    }));
  }
}
