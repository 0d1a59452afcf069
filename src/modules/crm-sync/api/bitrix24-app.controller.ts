import { Controller, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../../shared/auth/access.decorator';
import { BITRIX24_PATHS } from '../bitrix24-paths';
import { FramedByBitrix24 } from './bitrix24-routes';
import { sendFramedPage } from './framed-page';
import { OpenAppPage } from '../application/open-app-page';
import { PortalFrameAncestors } from '../application/portal-frame-ancestors';
import { requiredField } from './bitrix24-payloads';
import { appPage } from './app-page';

/** The placement launch: Bitrix24 posts here when a partner's employee opens the app in the portal. */
@ApiExcludeController()
@Public()
@Controller(BITRIX24_PATHS.app)
export class Bitrix24AppController {
  constructor(
    private readonly open: OpenAppPage,
    private readonly frameAncestors: PortalFrameAncestors,
  ) {}

  @Post()
  @FramedByBitrix24()
  async launch(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const form = request.body;
    const session = await this.open.execute({
      memberId: requiredField(form, 'member_id'),
      authId: requiredField(form, 'AUTH_ID'),
      applicationToken: requiredField(form, 'APPLICATION_TOKEN'),
    });
    sendFramedPage(reply, appPage(session), await this.frameAncestors.list());
  }
}
