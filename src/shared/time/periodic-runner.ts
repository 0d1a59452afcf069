import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { failureLog } from '../domain/failure-reason';

/**
 * Runs scheduled work from application start to shutdown. A failed run is logged and simply
 * tried again at the next tick, so every task must be safe to repeat and to run on several
 * instances at once.
 */
@Injectable()
export class PeriodicRunner implements OnApplicationShutdown {
  private readonly logger = new Logger('Scheduled');
  private readonly names: string[] = [];

  constructor(private readonly scheduler: SchedulerRegistry) {}

  every(name: string, seconds: number, task: () => Promise<unknown>): void {
    const timer = setInterval(() => {
      task().catch((err) => this.logger.error({ task: name, ...failureLog(err) }, 'scheduled task failed; will retry'));
    }, seconds * 1000);
    this.scheduler.addInterval(name, timer);
    this.names.push(name);
  }

  onApplicationShutdown(): void {
    for (const name of this.names.splice(0)) {
      if (this.scheduler.doesExist('interval', name)) this.scheduler.deleteInterval(name);
    }
  }
}
