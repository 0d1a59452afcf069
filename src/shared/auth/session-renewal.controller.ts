import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../domain/domain-error';
import { ApiProblems } from '../http/api-problems.decorator';
import { NoBodyFields } from '../http/no-body-fields.pipe';
import { Access } from './access.decorator';
import { MintedSession, SessionTokens } from './session-tokens';

class RenewedSessionView {
  @ApiProperty({ description: 'Send as Authorization: Bearer <token> from now on' }) token: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

/** The app page keeps its session alive with this while it stays open; it needs no new launch. */
@ApiTags('sessions (partner)')
@Access('partner')
@Controller('sessions')
export class SessionRenewalController {
  constructor(private readonly sessions: SessionTokens) {}

  @Post('renew')
  @HttpCode(200)
  @ApiOperation({
    summary: 'A fresh token for my current session',
    description: 'Refused (401) once the session is SESSION_MAX_AGE_SECONDS old: then Bitrix24 must launch the app again.',
  })
  @ApiOkResponse({ type: RenewedSessionView })
  @ApiProblems(401)
  renew(@Headers('authorization') authorization: string, @Body(NoBodyFields) _nothing: unknown): MintedSession {
    const renewed = this.sessions.renew(authorization.split(' ')[1] ?? '');
    if (!renewed) throw new DomainError('UNAUTHENTICATED', 'This session is too old to renew: open the app from Bitrix24 again.');
    return renewed;
  }
}
