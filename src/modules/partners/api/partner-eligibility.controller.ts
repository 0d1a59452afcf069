import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { Access, CurrentPrincipal } from '../../../shared/auth/access.decorator';
import { Principal } from '../../../shared/auth/principal';
import { DomainError } from '../../../shared/domain/domain-error';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { ApiIdParam, IdParam } from '../../../shared/http/id-param';
import { PageQueryDto } from '../../../shared/http/page-query.dto';
import { AuditPartner } from '../application/audit-partner';
import { PartnerEligibilityQueries } from '../application/partner-eligibility-queries';
import { EligibilityView } from './partner.views';

class HistoryEntryView {
  @ApiProperty({ example: '42' }) id: string;
  @ApiProperty() eligible: boolean;
  @ApiProperty({ type: [String], example: ['CRM_TARIFF_OK'], description: 'The enforced rules that failed' }) failing: string[];
  @ApiProperty({ type: Object, isArray: true, description: 'Every rule as it stood' }) rules: unknown;
  @ApiProperty({ example: 'audit', description: 'What recomputed the verdict: registered, registry change, audit' }) cause: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

class HistoryPageView {
  @ApiProperty({ type: [HistoryEntryView] }) items: HistoryEntryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

class OfferVerdictDto {
  @ApiProperty({ enum: ['pass', 'fail'] }) @IsIn(['pass', 'fail']) result: 'pass' | 'fail';
  @ApiProperty({ example: 'Пакеты внедрения на странице /vnedrenie, проверено вручную' })
  @IsString() @MinLength(3) @MaxLength(1000)
  comment: string;
}

@ApiTags('partners (operator)')
@Controller('partners/:id')
export class PartnerEligibilityController {
  constructor(
    private readonly audit: AuditPartner,
    private readonly queries: PartnerEligibilityQueries,
  ) {}

  @Get('eligibility')
  @Access('operator', 'auditor')
  @ApiOperation({ summary: 'Every programme rule for the partner: result, reason, evidence and time' })
  @ApiIdParam('Partner id')
  @ApiOkResponse({ type: EligibilityView })
  @ApiProblems(401, 403, 404)
  eligibility(@IdParam('Partner') id: string): Promise<EligibilityView> {
    return this.queries.eligibility(id);
  }

  @Get('eligibility/history')
  @Access('operator', 'auditor')
  @ApiOperation({ summary: 'Changes of the partner\'s verdict, newest first (append-only)' })
  @ApiIdParam('Partner id')
  @ApiOkResponse({ type: HistoryPageView })
  @ApiProblems(400, 401, 403, 404)
  async history(@IdParam('Partner') id: string, @Query() q: PageQueryDto): Promise<HistoryPageView> {
    if (q.cursor !== undefined && !/^[1-9][0-9]{0,18}$/.test(q.cursor)) {
      throw new DomainError('VALIDATION_FAILED', 'The cursor is not one this endpoint gave.', [{ field: 'cursor', message: 'unknown cursor' }]);
    }
    const rows = await this.queries.history(id, q.cursor ?? null, q.limit + 1);
    const items = rows.slice(0, q.limit);
    return {
      items: items.map((r) => ({ ...r, at: r.at.toISOString() })),
      nextCursor: rows.length > q.limit ? items[items.length - 1].id : null,
    };
  }

  @Post('eligibility-checks')
  @HttpCode(200)
  @Access('operator')
  @ApiOperation({ summary: 'Audit the partner now: read its portal and its offer page, store every check, record the verdict' })
  @ApiIdParam('Partner id')
  @ApiOkResponse({ type: EligibilityView })
  @ApiProblems(401, 403, 404)
  check(@IdParam('Partner') id: string): Promise<EligibilityView> {
    return this.audit.execute(id, 'audit on request');
  }

  @Put('offer-verdict')
  @Access('operator')
  @ApiOperation({
    summary: 'Record a manual verdict on the partner\'s offer page',
    description: 'It holds while the page\'s visible text stays as it is now; once the page changes the automatic check resumes. 409 when the page cannot be read now.',
  })
  @ApiIdParam('Partner id')
  @ApiOkResponse({ type: EligibilityView })
  @ApiProblems(400, 401, 403, 404, 409)
  verdict(@IdParam('Partner') id: string, @Body() body: OfferVerdictDto, @CurrentPrincipal() who: Principal): Promise<EligibilityView> {
    return this.queries.recordOfferVerdict(id, body, who.clientId).then(() => this.audit.execute(id, 'manual offer verdict'));
  }
}
