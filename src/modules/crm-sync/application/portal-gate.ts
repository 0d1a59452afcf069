import { Injectable, Logger } from '@nestjs/common';
import { JobQueue } from '../../../shared/jobs/job-queue';
import { RetryLater } from '../../../shared/jobs/retry-later';
import { failureReason } from '../../../shared/domain/failure-reason';
import { PortalHealth } from '../infrastructure/bitrix24';
import { verdictOn } from './failure-policy';
import { PORTAL_QUEUES } from './portal-queues';

const noRecord = () => Promise.resolve();

/** What a job records when its work ends without being done. */
interface EndedBy {
  giveUp?: (reason: string) => Promise<void>;
  portalGone?: () => Promise<void>;
}

/**
 * How long the jobs of a portal that is busy on this instance step aside at most: the job that
 * holds the portal lets them go again as soon as it is done.
 */
const BUSY_SECONDS = 30;

/**
 * Keeps one portal from holding the workers every portal shares. On this instance a portal's jobs
 * run one at a time; the others, and all of them while the portal's circuit is open
 * (PortalHealth), step aside together: put back to start later in one statement, not taken one
 * poll at a time, so other portals' jobs are next in line. When a job frees the portal, its
 * waiting jobs go at once.
 */
@Injectable()
export class PortalGate {
  private readonly logger = new Logger(PortalGate.name);
  private readonly busy = new Set<string>();

  constructor(
    private readonly jobs: JobQueue,
    private readonly health: PortalHealth,
  ) {}

  /**
   * Runs a job's work against the portal and applies the failure policy to what it throws:
   * waiting steps aside; giving up, or a portal that is gone, ends the job after the matching
   * callback records it; the rest is retried.
   */
  async run(memberId: string, work: () => Promise<void>, on: EndedBy = {}): Promise<void> {
    const until = await this.health.unavailableUntil(memberId);
    if (until) return this.stepAside(memberId, this.secondsUntil(until), 'the portal is not answering');
    if (this.busy.has(memberId)) return this.stepAside(memberId, BUSY_SECONDS, 'the portal is busy with another job');
    this.busy.add(memberId);
    let leaveAlone = false;
    try {
      await work();
    } catch (error) {
      const verdict = verdictOn(error);
      leaveAlone = verdict.kind === 'wait';
      if (verdict.kind === 'retry') throw error;
      if (verdict.kind === 'wait') return this.stepAside(memberId, this.secondsUntil(verdict.until), failureReason(error));
      if (verdict.kind === 'portal-gone') return await (on.portalGone ?? noRecord)();
      this.logger.warn({ memberId, reason: verdict.reason }, 'job given up: no retry can help');
      await (on.giveUp ?? noRecord)(verdict.reason);
    } finally {
      this.busy.delete(memberId);
      // The portal is free again, unless it just said to leave it alone (its circuit, a time limit).
      if (!leaveAlone) await this.jobs.releaseMatching(PORTAL_QUEUES, 'memberId', memberId);
    }
  }

  private async stepAside(memberId: string, seconds: number, reason: string): Promise<never> {
    await this.jobs.deferMatching(PORTAL_QUEUES, 'memberId', memberId, seconds);
    throw new RetryLater(seconds, reason);
  }

  // Real waiting time, by the wall clock: the circuit's end comes from the database's.
  private secondsUntil(at: Date): number {
    return Math.max(1, Math.ceil((at.getTime() - Date.now()) / 1000));
  }
}
