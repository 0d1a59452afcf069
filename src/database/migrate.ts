import 'reflect-metadata';
import { loadLocalEnv, projectRoot } from '../config/local-env';
import { embeddedDataDir, startEmbeddedPostgres } from './embedded-postgres';
import { runMigrations } from './run-migrations';

/** `npm run migration:run`: applies pending migrations to DATABASE_URL, or to the embedded server. */
async function migrate(): Promise<void> {
  const root = projectRoot();
  loadLocalEnv(root);
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: embeddedDataDir(root, process.env.EMBEDDED_PG_DIR),
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
