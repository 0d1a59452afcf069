import 'reflect-metadata';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from './bootstrap/create-app';
import { AppConfig, InvalidConfigError } from './config/app-config';
import { embeddedDataDir, startEmbeddedPostgres } from './database/embedded-postgres';

const projectRoot = join(__dirname, '..', '..');

async function main(): Promise<void> {
  const envFile = join(projectRoot, '.env');
  if (!existsSync(envFile) && process.env.NODE_ENV !== 'production') {
    // A first local start works without set-up; the example keys are refused in production.
    copyFileSync(join(projectRoot, '.env.example'), envFile);
    console.warn('No .env found: created one from .env.example. Change API_KEYS and SESSION_SECRET before exposing the service.');
  }
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const config = AppConfig.fromEnv(process.env);

  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: embeddedDataDir(projectRoot, config.EMBEDDED_PG_DIR),
        persistent: true,
        database: 'partner_leads',
      });
  const databaseUrl = config.DATABASE_URL ?? embedded!.url;

  const app = await createApp({ config, databaseUrl });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: stopping`);
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.PORT, host: '0.0.0.0' });
  const where = embedded ? 'embedded PostgreSQL' : 'DATABASE_URL';
  console.log(`Partner Leads listening on http://localhost:${config.PORT} (API docs at /api/docs, database: ${where})`);
}

main().catch((error) => {
  console.error(error instanceof InvalidConfigError ? error.message : error);
  process.exit(1);
});
