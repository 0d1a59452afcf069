import { QueryResultRow } from 'pg';
import { EntityManager } from 'typeorm';

export interface SqlResult<R> {
  rows: R[];
  rowCount: number;
}

/**
 * One database transaction. `query` speaks plain SQL on the transaction's connection (the hot
 * paths avoid entity hydration); `manager` serves modules that prefer TypeORM repositories.
 */
export interface Tx {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<SqlResult<R>>;
  manager: EntityManager;
}
