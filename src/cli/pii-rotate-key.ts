import 'reflect-metadata';
import { InvalidConfigError, Settings } from '../config/settings';
import { loadLocalEnv, projectRoot } from '../config/local-env';
import { openProjectDatabase } from '../database/project-database';
import { runMigrations } from '../database/run-migrations';
import { SecretBox } from '../shared/crypto/secret-box';
import { rotatePiiKeys } from './rotate-pii-keys';

/**
 * `npm run pii:rotate-key`: after a new key was put first in PII_MASTER_KEY (and the service
 * restarted with it), re-wraps everything under that key. Safe to interrupt and to run again.
 */
async function main(): Promise<void> {
  const root = projectRoot();
  loadLocalEnv(root);
  const config = Settings.fromEnv(process.env).app;
  const database = await openProjectDatabase(root, config);
  try {
    // The keys live in tables the migrations create: a database never started yet has none.
    await runMigrations(database.url);
    const box = SecretBox.fromSetting(config.PII_MASTER_KEY);
    const done = await rotatePiiKeys(database.url, box, (line) => console.log(line));
    console.log(`Done: ${done.leadKeys} lead data keys and ${done.portals} portal token pairs re-wrapped.`);
  } finally {
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof InvalidConfigError ? error.message : error);
  process.exit(1);
});
