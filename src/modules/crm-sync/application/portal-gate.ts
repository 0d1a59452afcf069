import { Injectable } from '@nestjs/common';
import { JobQueue } from '../../../shared/jobs/job-queue';
import { RetryLater } from '../../../shared/jobs/retry-later';
import { Bitrix24Error, PortalHealth } from '../infrastructure/bitrix24';
import { PORTAL_QUEUES } from './portal-queues';

/** How long the jobs of a portal that is busy on this instance step aside. */
const BUSY_SECONDS = 1;

/**
 * Keeps one portal from holding the workers every portal shares. On this instance a portal's jobs
 * run one at a time; the others, and all of them while the portal's circuit is open
 * (PortalHealth), step aside together: put back to start later in one statement, not taken one
 * poll at a time, so other portals' jobs are next in line.
 */
@Injectable()
export class PortalGate {
  private readonly busy = new Set<string>();

  constructor(
    private readonly jobs: JobQueue,
    private readonly health: PortalHealth,
  ) {}

  async run<T>(memberId: string, work: () => Promise<T>): Promise<T> {
    const until = await this.health.unavailableUntil(memberId);
    if (until) return this.stepAside(memberId, this.secondsUntil(until), 'the portal is not answering');
    if (this.busy.has(memberId)) return this.stepAside(memberId, BUSY_SECONDS, 'the portal is busy with another job');
    this.busy.add(memberId);
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof Bitrix24Error) || error.code !== 'PORTAL_UNAVAILABLE' || !error.retryAt) throw error;
      return this.stepAside(memberId, this.secondsUntil(error.retryAt), 'the portal stopped answering');
    } finally {
      this.busy.delete(memberId);
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
