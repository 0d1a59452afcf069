import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Access } from '../../../shared/auth/access.decorator';
import { NotFoundError } from '../../../shared/domain/domain-error';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { ApiIdParam, IdParam } from '../../../shared/http/id-param';
import { LEAD_STATUSES } from '../contract';
import { LeadConsentQuery } from '../infrastructure/lead-consent.query';
import { ConsentView } from './lead.views';

class LeadConsentView {
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty({ enum: LEAD_STATUSES }) status: string;
  @ApiProperty({ format: 'date-time' }) publishedAt: string;
  @ApiProperty({ type: ConsentView, description: 'As the intake recorded it: text version, time and channel' }) consent: ConsentView;
}

/**
 * The proof of the customer's consent, for operators and auditors. It carries no contact data,
 * so reading it is not a disclosure and writes no access-log row.
 */
@ApiTags('leads (intake, operator)')
@Access('operator', 'auditor')
@Controller('leads')
export class OperatorLeadConsentController {
  constructor(private readonly consents: LeadConsentQuery) {}

  @Get(':id/consent')
  @ApiOperation({ summary: 'The customer\'s consent stored with a request' })
  @ApiIdParam('Lead id')
  @ApiOkResponse({ type: LeadConsentView })
  @ApiProblems(401, 403, 404)
  async get(@IdParam('Lead') id: string): Promise<LeadConsentView> {
    const record = await this.consents.find(id);
    if (!record) throw new NotFoundError('Lead');
    return {
      leadId: record.leadId,
      status: record.status,
      publishedAt: record.publishedAt.toISOString(),
      consent: { ...record.consent, givenAt: record.consent.givenAt.toISOString() },
    };
  }
}
