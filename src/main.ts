import 'reflect-metadata';
import { createApp } from './bootstrap/create-app';
import { InvalidConfigError, Settings } from './config/settings';
import { loadLocalEnv, projectRoot } from './config/local-env';
import { openProjectDatabase } from './database/project-database';

async function main(): Promise<void> {
  const root = projectRoot();
  loadLocalEnv(root);
  const settings = Settings.fromEnv(process.env);
  const config = settings.app;

  const database = await openProjectDatabase(root, config);

  const app = await createApp({ settings, databaseUrl: database.url });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: stopping`);
    await app.close();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.PORT, host: '0.0.0.0' });
  const where = database.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL';
  console.log(`Partner Leads listening on http://localhost:${config.PORT} (API docs at /api/docs, database: ${where})`);
}

main().catch((error) => {
  console.error(error instanceof InvalidConfigError ? error.message : error);
  process.exit(1);
});
