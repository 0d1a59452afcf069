import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';

export function typeormOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    entities: [],
    extra: { max: poolSize, application_name: 'partner-leads' },
  };
}
