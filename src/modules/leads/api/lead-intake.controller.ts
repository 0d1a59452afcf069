import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal } from '../../../shared/auth/access.decorator';
import { OperatorPrincipal } from '../../../shared/auth/principal';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { ApiIdParam, IdParam } from '../../../shared/http/id-param';
import { EraseLead } from '../application/erase-lead';
import { PublishLead } from '../application/publish-lead';
import { WithdrawLead } from '../application/withdraw-lead';
import { CreateLeadDto, WithdrawLeadDto } from './create-lead.dto';
import { ErasureView, LeadReceiptView } from './lead.views';

const IDEMPOTENCY_HEADER = ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'Retries with the same key and body replay the first answer for 24 h',
});

@ApiTags('leads (intake, operator)')
@Controller('leads')
export class LeadIntakeController {
  constructor(
    private readonly publish: PublishLead,
    private readonly withdraw: WithdrawLead,
    private readonly erase: EraseLead,
  ) {}

  @Post()
  @Access('intake')
  @IDEMPOTENCY_HEADER
  @ApiOperation({ summary: 'Publish a customer\'s request, with the customer\'s consent record' })
  @ApiCreatedResponse({ type: LeadReceiptView })
  @ApiProblems(400, 401, 403, 409, 413, 422)
  async create(@Body() body: CreateLeadDto): Promise<LeadReceiptView> {
    const lead = await this.publish.execute(body);
    const { name: _hidden, ...company } = lead.company;
    return {
      id: lead.id,
      status: lead.status,
      publishedAt: lead.publishedAt.toISOString(),
      expiresAt: lead.expiresAt.toISOString(),
      company,
      need: lead.need,
      consent: { ...lead.consent, givenAt: lead.consent.givenAt.toISOString() },
    };
  }

  @Post(':id/withdraw')
  @Access('operator')
  @HttpCode(204)
  @IDEMPOTENCY_HEADER
  @ApiOperation({ summary: 'Withdraw an open request; claims already taken stay with their partners' })
  @ApiIdParam('Lead id')
  @ApiNoContentResponse({ description: 'Withdrawn' })
  @ApiProblems(400, 401, 403, 404, 409)
  async withdrawLead(@IdParam('Lead') id: string, @Body() body: WithdrawLeadDto): Promise<void> {
    await this.withdraw.execute(id, body.reason ?? null);
  }

  @Post(':id/erasure')
  @Access('operator')
  @HttpCode(200)
  @IDEMPOTENCY_HEADER
  @ApiOperation({
    summary: 'Erase the customer\'s personal data (consent withdrawn or deletion requested)',
    description:
      'Destroys the lead\'s data key and blanks its contacts; the lead can no longer be taken, partners who took it ' +
      'are asked on their CRM deal to delete their copy, and the erasure is recorded. Repeating the call answers the same.',
  })
  @ApiIdParam('Lead id')
  @ApiOkResponse({ type: ErasureView })
  @ApiProblems(400, 401, 403, 404)
  async eraseLead(@IdParam('Lead') id: string, @CurrentPrincipal() who: OperatorPrincipal): Promise<ErasureView> {
    const erasure = await this.erase.execute(id, `operator:${who.clientId}`);
    return { leadId: erasure.leadId, status: 'erased', erasedAt: erasure.erasedAt.toISOString(), reason: erasure.reason };
  }
}
