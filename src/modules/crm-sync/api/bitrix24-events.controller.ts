import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { Public } from '../../../shared/auth/access.decorator';
import { DomainError } from '../../../shared/domain/domain-error';
import { ReceivePortalEvent } from '../application/receive-portal-event';
import { field } from './bitrix24-payloads';
import { BITRIX24_PATHS } from '../bitrix24-paths';
import { PostedByBitrix24 } from './bitrix24-routes';

/** The event handler bound on every portal. Anything not carrying its portal's application token is 401. */
@ApiExcludeController()
@Public()
@Controller(BITRIX24_PATHS.events)
export class Bitrix24EventsController {
  constructor(private readonly receive: ReceivePortalEvent) {}

  @Post()
  @PostedByBitrix24()
  @HttpCode(200)
  async handle(@Req() request: FastifyRequest): Promise<{ result: true }> {
    const form = request.body;
    const event = field(form, 'event')?.toUpperCase();
    const memberId = field(form, 'auth', 'member_id');
    const applicationToken = field(form, 'auth', 'application_token');
    if (!event || !memberId || !applicationToken) {
      throw new DomainError('UNAUTHENTICATED', 'Unknown portal or application token.');
    }
    await this.receive.execute({
      event,
      memberId,
      applicationToken,
      claimedDomain: field(form, 'auth', 'domain') ?? null,
      refreshToken: field(form, 'auth', 'refresh_token'),
      dealId: field(form, 'data', 'FIELDS', 'ID'),
    });
    return { result: true };
  }
}
