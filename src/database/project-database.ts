import { embeddedDataDir, startEmbeddedPostgres } from './embedded-postgres';

export interface ProjectDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * The database the service and its command-line tools use: the server DATABASE_URL names, or else
 * the project's own embedded PostgreSQL (kept under EMBEDDED_PG_DIR or `.data/pg`).
 */
export async function openProjectDatabase(
  root: string,
  settings: { DATABASE_URL?: string; EMBEDDED_PG_DIR?: string },
): Promise<ProjectDatabase> {
  if (settings.DATABASE_URL) return { url: settings.DATABASE_URL, embedded: false, stop: async () => undefined };
  const server = await startEmbeddedPostgres({
    dataDir: embeddedDataDir(root, settings.EMBEDDED_PG_DIR),
    persistent: true,
    database: 'partner_leads',
  });
  return { url: server.url, embedded: true, stop: () => server.stop() };
}
