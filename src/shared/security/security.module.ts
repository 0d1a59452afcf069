import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { PgThrottlerStorage } from './pg-throttler-storage';
import { RateLimitGuard } from './rate-limit.guard';
import { rateLimitOptions } from './rate-limit-policy';
import { PruneRateLimitsTask } from './prune-rate-limits.task';

/**
 * Rate limits. Import it after PlatformModule: global guards run in the order they are
 * registered, and this one keys budgets by the principal that PlatformModule's AuthGuard sets.
 */
@Module({})
export class SecurityModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: SecurityModule,
      imports: [
        ThrottlerModule.forRootAsync({
          inject: [TransactionRunner],
          useFactory: (db: TransactionRunner) => ({ ...rateLimitOptions(config), storage: new PgThrottlerStorage(db) }),
        }),
      ],
      providers: [PruneRateLimitsTask, { provide: APP_GUARD, useClass: RateLimitGuard }],
    };
  }
}
