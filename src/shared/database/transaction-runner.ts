import { Injectable } from '@nestjs/common';
import { PoolClient, QueryResultRow } from 'pg';
import { DataSource } from 'typeorm';
import { SqlResult, Tx } from './tx';

@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const client = (await manager.queryRunner!.connect()) as PoolClient;
      return work({
        manager,
        query: <R extends QueryResultRow>(text: string, values?: unknown[]) =>
          client.query<R>(text, values).then((r) => ({ rows: r.rows, rowCount: r.rowCount ?? 0 })),
      });
    });
  }

  /** A single statement outside any explicit transaction. */
  async query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<SqlResult<R>> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const result = await runner.query(text, values, true);
      return { rows: result.records as R[], rowCount: result.affected ?? result.records.length };
    } finally {
      await runner.release();
    }
  }
}
