import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { embeddedDataDir, startEmbeddedPostgres } from './embedded-postgres';
import { runMigrations } from './run-migrations';

/** `npm run migration:run`: applies pending migrations to DATABASE_URL, or to the embedded server. */
async function migrate(): Promise<void> {
  const projectRoot = join(__dirname, '..', '..', '..');
  const envFile = join(projectRoot, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: embeddedDataDir(projectRoot, process.env.EMBEDDED_PG_DIR),
        persistent: true,
        database: 'partner_leads',
      });
  try {
    const applied = await runMigrations(process.env.DATABASE_URL ?? embedded!.url);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.');
  } finally {
    await embedded?.stop();
  }
}

migrate().catch((error) => {
  console.error(error);
  process.exit(1);
});
