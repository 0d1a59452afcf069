import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ScheduleModule } from '@nestjs/schedule';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { DatabaseUrl } from '../database/database-url';
import { typeormOptions } from '../database/typeorm-options';
import { loggerOptions } from '../config/logger-options';
import { AuthGuard } from './auth/auth.guard';
import { SessionTokens } from './auth/session-tokens';
import { SecretBox } from './crypto/secret-box';
import { TransactionRunner } from './database/transaction-runner';
import { EventBus } from './events/event-bus';
import { JobQueue } from './jobs/job-queue';
import { PgBossRuntime } from './messaging/pg-boss-runtime';
import { ScheduledTasksController } from './scheduling/scheduled-tasks.controller';
import { SessionRenewalController } from './auth/session-renewal.controller';
import { Scheduler } from './scheduling/scheduler';
import { TaskRunsRepository } from './scheduling/task-runs.repository';
import { HealthController } from './health/health.controller';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { FailedAuthBudget } from './security/failed-auth-budget';
import { PruneIdempotencyKeysTask } from './idempotency/prune-idempotency-keys.task';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { Clock } from './time/clock';

export interface PlatformOptions {
  config: AppConfig;
  databaseUrl: string;
  clock: Clock;
}

/** The shared kernel's runtime: configuration, database, events, jobs, schedules, auth, errors, logs, health. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot({ config, databaseUrl, clock }: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        LoggerModule.forRoot(loggerOptions(config)),
        TypeOrmModule.forRoot(typeormOptions(databaseUrl, config.DB_POOL_SIZE)),
        JwtModule.register({ secret: config.SESSION_SECRET }),
        ScheduleModule.forRoot(),
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [HealthController, ScheduledTasksController, SessionRenewalController],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: DatabaseUrl, useValue: new DatabaseUrl(databaseUrl) },
        { provide: Clock, useValue: clock },
        { provide: SecretBox, useValue: SecretBox.fromSetting(config.PII_MASTER_KEY) },
        TransactionRunner,
        PgBossRuntime,
        EventBus,
        JobQueue,
        TaskRunsRepository,
        Scheduler,
        PruneIdempotencyKeysTask,
        FailedAuthBudget,
        SessionTokens,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
      exports: [AppConfig, DatabaseUrl, Clock, SecretBox, TransactionRunner, EventBus, JobQueue, Scheduler, SessionTokens, FailedAuthBudget, JwtModule],
    };
  }
}
