import { DataSource } from 'typeorm';
import { typeormOptions } from './typeorm-options';

/** Applies pending migrations; each runs in its own transaction, under TypeORM's lock-free ordering. */
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
