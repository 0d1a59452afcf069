import { Injectable } from '@nestjs/common';
import { PartnersConfig } from '../partners.config';
import { NotFoundError } from '../../../shared/domain/domain-error';
import { decodeCursor, page } from '../../../shared/http/cursor';
import { Eligibility } from '../contract';
import { Partner } from '../domain/partner';
import { PartnerStats, PartnerStatsRepository } from '../infrastructure/partner-stats.repository';
import { PartnerRepository } from '../infrastructure/partner.repository';
import { PartnerEligibility } from './partner-eligibility';

export interface PartnerRecord {
  partner: Partner;
  claimCap: number;
  eligibility: Eligibility;
  stats: PartnerStats;
}

/** Operator reads of the registry. */
@Injectable()
export class PartnerDirectory {
  constructor(
    private readonly partners: PartnerRepository,
    private readonly stats: PartnerStatsRepository,
    private readonly config: PartnersConfig,
    private readonly eligibility: PartnerEligibility,
  ) {}

  async get(id: string): Promise<PartnerRecord> {
    const partner = await this.partners.find(id);
    if (!partner) throw new NotFoundError('Partner');
    return (await this.withDetails([partner]))[0];
  }

  async list(limit: number, cursor?: string) {
    const rows = await this.partners.list(decodeCursor(cursor), limit + 1);
    const { items, nextCursor } = page(rows, limit, (p) => ({ at: p.createdAt, id: p.id }));
    return { items: await this.withDetails(items), nextCursor };
  }

  async withDetails(partners: Partner[]): Promise<PartnerRecord[]> {
    const stats = await this.stats.findMany(partners.map((p) => p.id));
    return Promise.all(
      partners.map(async (partner) => ({
        partner,
        claimCap: partner.claimCap ?? this.config.DEFAULT_CLAIM_CAP,
        eligibility: await this.eligibility.of(partner),
        stats: stats.get(partner.id)!,
      })),
    );
  }
}
