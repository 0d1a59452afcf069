import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DomainError } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { PdAgreementVersion } from '../contract';
import { PdAgreementRepository } from '../infrastructure/pd-agreement.repository';

// A few minutes of slack for the operator's clock; anything earlier would be a retroactive agreement.
const BACKDATING_TOLERANCE_MS = 5 * 60_000;

export interface PublishPdAgreementCommand {
  version: string;
  text: string;
  /** Default: now. */
  effectiveFrom?: Date;
}

/**
 * An operator publishes a version of the agreement. From its effective date, partners whose
 * portal has not accepted it may not take requests until a portal administrator accepts it.
 */
@Injectable()
export class PublishPdAgreement {
  constructor(
    private readonly agreements: PdAgreementRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: PublishPdAgreementCommand, publishedBy: string): Promise<PdAgreementVersion> {
    const now = this.clock.now();
    const effectiveFrom = command.effectiveFrom ?? now;
    if (effectiveFrom.getTime() < now.getTime() - BACKDATING_TOLERANCE_MS) {
      throw new DomainError('VALIDATION_FAILED', 'An agreement cannot take effect in the past.', [
        { field: 'effectiveFrom', message: 'effectiveFrom must not be in the past' },
      ]);
    }
    const version: PdAgreementVersion = {
      version: command.version,
      text: command.text,
      textSha256: createHash('sha256').update(command.text, 'utf8').digest('hex'),
      effectiveFrom,
      publishedAt: now,
      publishedBy,
    };
    if (!(await this.agreements.publish(version))) {
      throw new DomainError('CONFLICT', `Version ${command.version} is already published; publish a new version instead.`);
    }
    return version;
  }
}
