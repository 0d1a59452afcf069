import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../app.module';
import { CRM_SYNC_ROUTES_OUTSIDE_API, serveAppPageAssets } from '../modules/crm-sync';
import { HEALTH_ROUTES } from '../shared/health/health.controller';
import { Settings } from '../config/settings';
import { PartnersConfig } from '../modules/partners/partners.config';
import { runMigrations } from '../database/run-migrations';
import { Clock, SystemClock } from '../shared/time/clock';
import { acceptRequestBodies } from './request-bodies';
import { echoRequestId, requestId } from './request-id';
import { setupOpenApi } from './openapi';
import { validationPipe } from '../shared/http/validation';
import { registerSecurityHeaders } from '../shared/security/security-headers';

export interface CreateAppOptions {
  settings: Settings;
  databaseUrl: string;
  clock?: Clock;
}

/** Builds the whole service; `main.ts` and the tests share it so tests exercise the real wiring. */
export async function createApp({ settings, databaseUrl, clock }: CreateAppOptions): Promise<NestFastifyApplication> {
  const config = settings.app;
  await runMigrations(databaseUrl);
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    trustProxy: false,
    genReqId: requestId,
  });
  echoRequestId(adapter.getInstance());
  acceptRequestBodies(adapter.getInstance(), { bulkBodyLimit: settings.of(PartnersConfig).IMPORT_BODY_LIMIT_BYTES });
  await registerSecurityHeaders(adapter.getInstance());
  await serveAppPageAssets(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register({ settings, databaseUrl, clock: clock ?? new SystemClock() }),
    adapter,
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api/v1', { exclude: [...HEALTH_ROUTES, ...CRM_SYNC_ROUTES_OUTSIDE_API] });
  app.useGlobalPipes(validationPipe());
  setupOpenApi(app);
  return app;
}
