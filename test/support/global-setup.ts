import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

/**
 * Without DATABASE_URL the suites get a throw-away embedded PostgreSQL; with it, that server.
 * Either way each test file then creates a database of its own (see test-database.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const root = mkdtempSync(join(tmpdir(), 'partner-leads-test-'));
  // Run as root, the server runs as user postgres, which must be able to enter the folder.
  chmodSync(root, 0o755);
  const server = await startEmbeddedPostgres({
    dataDir: join(root, 'pg'),
    persistent: false,
    database: 'postgres',
  });
  process.env.DATABASE_URL = server.url;
  (globalThis as { __EMBEDDED_PG__?: typeof server }).__EMBEDDED_PG__ = server;
}
