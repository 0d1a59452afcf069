import 'reflect-metadata';
import { AppConfig, InvalidConfigError } from '../config/app-config';
import { loadLocalEnv, projectRoot } from '../config/local-env';
import { embeddedDataDir, startEmbeddedPostgres } from '../database/embedded-postgres';
import { SecretBox } from '../shared/crypto/secret-box';
import { rotatePiiKeys } from './rotate-pii-keys';

/**
 * `npm run pii:rotate-key`: after a new key was put first in PII_MASTER_KEY (and the service
 * restarted with it), re-wraps everything under that key. Safe to interrupt and to run again.
 */
async function main(): Promise<void> {
  const root = projectRoot();
  loadLocalEnv(root);
  const config = AppConfig.fromEnv(process.env);
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: embeddedDataDir(root, config.EMBEDDED_PG_DIR),
        persistent: true,
        database: 'partner_leads',
      });
  try {
    const box = SecretBox.fromSetting(config.PII_MASTER_KEY);
    const done = await rotatePiiKeys(config.DATABASE_URL ?? embedded!.url, box, (line) => console.log(line));
    console.log(`Done: ${done.leadKeys} lead data keys and ${done.portals} portal token pairs re-wrapped.`);
  } finally {
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof InvalidConfigError ? error.message : error);
  process.exit(1);
});
