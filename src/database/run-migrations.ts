import { DataSource } from 'typeorm';
import { typeormOptions } from './typeorm-options';

/**
 * Applies pending migrations, each in its own transaction. The advisory lock lets several
 * instances start at once: one migrates, the others wait and then find nothing to do.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource({ ...typeormOptions(url, 1), migrationsTransactionMode: 'each' });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock(7417001)');
    const applied = await dataSource.runMigrations();
    return applied.map((m) => m.name);
  } finally {
    await dataSource.query('SELECT pg_advisory_unlock(7417001)').catch(() => undefined);
    await dataSource.destroy();
  }
}
