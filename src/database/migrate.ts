import 'reflect-metadata';
import { loadLocalEnv, projectRoot } from '../config/local-env';
import { openProjectDatabase } from './project-database';
import { runMigrations } from './run-migrations';

/** `npm run migration:run`: applies pending migrations to DATABASE_URL, or to the embedded server. */
async function migrate(): Promise<void> {
  const root = projectRoot();
  loadLocalEnv(root);
  const database = await openProjectDatabase(root, process.env);
  try {
    const applied = await runMigrations(database.url);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.');
  } finally {
    await database.stop();
  }
}

migrate().catch((error) => {
  console.error(error);
  process.exit(1);
});
