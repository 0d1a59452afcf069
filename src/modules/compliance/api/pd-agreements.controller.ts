import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal } from '../../../shared/auth/access.decorator';
import { Principal } from '../../../shared/auth/principal';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { Clock } from '../../../shared/time/clock';
import { PublishPdAgreement } from '../application/publish-pd-agreement';
import { PdAgreementVersion } from '../contract';
import { PdAgreementRepository } from '../infrastructure/pd-agreement.repository';
import { PdAgreementVersionView, PublishPdAgreementDto } from './pd-agreement.dto';

@ApiTags('compliance (operator, auditor)')
@Controller('compliance/pd-agreements')
export class PdAgreementsController {
  constructor(
    private readonly publishing: PublishPdAgreement,
    private readonly agreements: PdAgreementRepository,
    private readonly clock: Clock,
  ) {}

  @Post()
  @Access('operator')
  @ApiOperation({ summary: 'Publish a version of the personal-data agreement partners\' portals must accept' })
  @ApiCreatedResponse({ type: PdAgreementVersionView })
  @ApiProblems(400, 401, 403, 409)
  async publish(@Body() body: PublishPdAgreementDto, @CurrentPrincipal() who: Principal): Promise<PdAgreementVersionView> {
    const published = await this.publishing.execute(
      { version: body.version, text: body.text, effectiveFrom: body.effectiveFrom ? new Date(body.effectiveFrom) : undefined },
      `operator:${who.clientId}`,
    );
    const current = await this.agreements.inEffect(this.clock.now());
    return toView(published, current?.version ?? null);
  }

  @Get()
  @Access('operator', 'auditor')
  @ApiOperation({ summary: 'Published versions, latest effective date first' })
  @ApiOkResponse({ type: [PdAgreementVersionView] })
  @ApiProblems(401, 403)
  async list(): Promise<PdAgreementVersionView[]> {
    const [versions, current] = await Promise.all([this.agreements.list(), this.agreements.inEffect(this.clock.now())]);
    return versions.map((v) => toView(v, current?.version ?? null));
  }
}

function toView(v: PdAgreementVersion, inEffect: string | null): PdAgreementVersionView {
  return {
    version: v.version,
    text: v.text,
    textSha256: v.textSha256,
    effectiveFrom: v.effectiveFrom.toISOString(),
    publishedAt: v.publishedAt.toISOString(),
    publishedBy: v.publishedBy,
    inEffect: v.version === inEffect,
  };
}
