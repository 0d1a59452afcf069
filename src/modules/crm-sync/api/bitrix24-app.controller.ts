import { Controller, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../../shared/auth/access.decorator';
import { RateLimitedError } from '../../../shared/security/rate-limited.error';
import { FailedAuthBudget } from '../../../shared/security/failed-auth-budget';
import { BITRIX24_PATHS } from '../bitrix24-paths';
import { FramedByBitrix24 } from './bitrix24-routes';
import { sendFramedPage } from './framed-page';
import { OpenAppPage } from '../application/open-app-page';
import { PortalFrameAncestors } from '../application/portal-frame-ancestors';
import { field, requiredField } from './bitrix24-payloads';
import { appPage, noticePage } from './app-page';

/**
 * The placement launch: Bitrix24 posts here when a partner's employee opens the app in the portal,
 * or opens our tab in a deal card (PLACEMENT=CRM_DEAL_DETAIL_TAB).
 */
@ApiExcludeController()
@Public()
@Controller(BITRIX24_PATHS.app)
export class Bitrix24AppController {
  constructor(
    private readonly open: OpenAppPage,
    private readonly frameAncestors: PortalFrameAncestors,
    private readonly failedAuth: FailedAuthBudget,
  ) {}

  @Post()
  @FramedByBitrix24()
  async launch(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const form = request.body;
    const launch = await this.open.execute({
      memberId: requiredField(form, 'member_id'),
      authId: requiredField(form, 'AUTH_ID'),
      applicationToken: requiredField(form, 'APPLICATION_TOKEN'),
      placement: field(form, 'PLACEMENT'),
      placementOptions: field(form, 'PLACEMENT_OPTIONS'),
    });
    if (launch.kind === 'refused' && launch.reason === 'unverified') {
      const wait = await this.failedAuth.spend(request.ip);
      if (wait !== null) throw new RateLimitedError(wait);
    }
    const ancestors = await this.frameAncestors.list();
    const page = launch.kind === 'session' ? appPage(launch) : null;
    if (page) return sendFramedPage(reply, page, ancestors);
    const notice = noticePage(launch.kind === 'session' ? { kind: 'not-built' } : launch);
    sendFramedPage(reply, notice.html, ancestors, notice.status);
  }
}
