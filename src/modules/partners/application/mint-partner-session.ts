import { Injectable } from '@nestjs/common';
import { SessionTokens } from '../../../shared/auth/session-tokens';
import { NotFoundError } from '../../../shared/domain/domain-error';
import { PartnerRepository } from '../infrastructure/partner.repository';

@Injectable()
export class MintPartnerSession {
  constructor(
    private readonly partners: PartnerRepository,
    private readonly sessions: SessionTokens,
  ) {}

  async execute(partnerId: string, b24UserId: string | null) {
    if (!(await this.partners.find(partnerId))) throw new NotFoundError('Partner');
    return this.sessions.mint({ partnerId, b24UserId, b24UserName: null });
  }
}
