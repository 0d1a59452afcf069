import { Body, Controller, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { IsString, MaxLength } from 'class-validator';
import { Public } from '../../../shared/auth/access.decorator';
import { BITRIX24_PATHS } from '../bitrix24-paths';
import { FramedByBitrix24 } from './bitrix24-routes';
import { sendFramedPage } from './framed-page';
import { noticePage } from './app-page';
import { AcceptPdAgreement } from '../application/accept-pd-agreement';
import { InstallPortal } from '../application/install-portal';
import { PortalFrameAncestors } from '../application/portal-frame-ancestors';
import { StartInstallation } from '../application/start-installation';
import { field, requiredField } from './bitrix24-payloads';
import { installPage } from './install-page';

class AcceptAgreementDto {
  @IsString() @MaxLength(4000)
  ticket: string;
}

/** Bitrix24's side of installation: the install page (UI apps) and ONAPPINSTALL (headless apps). */
@ApiExcludeController()
@Public()
@Controller(BITRIX24_PATHS.install)
export class Bitrix24InstallController {
  constructor(
    private readonly start: StartInstallation,
    private readonly install: InstallPortal,
    private readonly accept: AcceptPdAgreement,
    private readonly frameAncestors: PortalFrameAncestors,
  ) {}

  @Post()
  @FramedByBitrix24()
  async installed(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('DOMAIN') domain?: string): Promise<void> {
    const form = request.body;
    if (field(form, 'event') === 'ONAPPINSTALL') {
      await this.install.execute({
        memberId: requiredField(form, 'auth', 'member_id'),
        claimedDomain: field(form, 'auth', 'domain') ?? null,
        refreshToken: requiredField(form, 'auth', 'refresh_token'),
        applicationToken: requiredField(form, 'auth', 'application_token'),
        b24UserId: field(form, 'auth', 'user_id'),
        scope: field(form, 'auth', 'scope') ?? '',
      });
      reply.status(200).send({ result: true });
      return;
    }
    const { ticket, agreement } = await this.start.execute({
      memberId: requiredField(form, 'member_id'),
      claimedDomain: domain ?? field(form, 'DOMAIN') ?? null,
      refreshToken: requiredField(form, 'REFRESH_ID'),
      applicationToken: field(form, 'APPLICATION_TOKEN'),
      scope: field(form, 'APPLICATION_SCOPE') ?? '',
    });
    const page = installPage(ticket, agreement);
    const ancestors = await this.frameAncestors.list();
    if (page) return sendFramedPage(reply, page, ancestors);
    const notice = noticePage({ kind: 'not-built' });
    sendFramedPage(reply, notice.html, ancestors, notice.status);
  }

  @Post('accept')
  @HttpCode(204)
  async accepted(@Body() body: AcceptAgreementDto, @Req() request: FastifyRequest): Promise<void> {
    await this.accept.execute(body.ticket, request.ip ?? null);
  }
}
