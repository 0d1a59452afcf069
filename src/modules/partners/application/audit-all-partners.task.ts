import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { failureReason } from '../../../shared/domain/failure-reason';
import { ProgressReport, Scheduler } from '../../../shared/scheduling/scheduler';
import { PartnerRepository } from '../infrastructure/partner.repository';
import { PartnersConfig } from '../partners.config';
import { AuditPartner } from './audit-partner';

const PROGRESS_EVERY = 50;

export interface AuditCounts {
  partners: number;
  done: number;
  eligible: number;
  ineligible: number;
  /** Partners with at least one rule that could not be checked (portal or site unreachable). */
  unknown: number;
  /** Audits that failed outright; the others went on. */
  errors: number;
  [kind: string]: number;
}

/**
 * The full audit, on AUDIT_CRON, once per cluster: every partner, AUDIT_CONCURRENCY at a time.
 * Each audit has its own time limits (the page fetch, the Bitrix24 calls), so a slow or failing
 * partner holds one lane and never the run; its error is counted and the others go on.
 */
@Injectable()
export class AuditAllPartnersTask implements OnModuleInit {
  private readonly logger = new Logger('EligibilityAudit');

  constructor(
    private readonly scheduler: Scheduler,
    private readonly partners: PartnerRepository,
    private readonly audit: AuditPartner,
    private readonly config: PartnersConfig,
  ) {}

  onModuleInit(): void {
    this.scheduler.cron('partners.audit', this.config.AUDIT_CRON, this.config.AUDIT_CRON_TIMEZONE, (progress) => this.run(progress));
  }

  /** `progress` receives the counts every PROGRESS_EVERY partners, for operators to follow the run. */
  async run(progress: ProgressReport = async () => undefined): Promise<AuditCounts> {
    const ids = await this.partners.allIds();
    const counts: AuditCounts = { partners: ids.length, done: 0, eligible: 0, ineligible: 0, unknown: 0, errors: 0 };
    let next = 0;
    const lane = async () => {
      while (next < ids.length) {
        const id = ids[next++];
        try {
          const eligibility = await this.audit.execute(id, 'scheduled audit');
          counts[eligibility.eligible ? 'eligible' : 'ineligible']++;
          if (eligibility.rules.some((r) => r.result === 'unknown')) counts.unknown++;
        } catch (error) {
          counts.errors++;
          this.logger.warn({ partnerId: id, reason: failureReason(error) }, 'partner audit failed; the others go on');
        }
        if (++counts.done % PROGRESS_EVERY === 0) {
          this.logger.log({ ...counts }, 'eligibility audit progress');
          await progress({ ...counts }).catch((error: unknown) => this.logger.warn({ reason: failureReason(error) }, 'audit progress not recorded'));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.config.AUDIT_CONCURRENCY, ids.length) }, lane));
    this.logger.log({ ...counts }, 'eligibility audit finished');
    return counts;
  }
}
