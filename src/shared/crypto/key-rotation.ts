import { Tx } from '../database/tx';

/** Plain SQL is all a rotation needs. */
export type SqlTx = Pick<Tx, 'query'>;

/** A database that runs each batch of a rotation in a transaction of its own. */
export interface BatchDb {
  transaction<T>(work: (tx: SqlTx) => Promise<T>): Promise<T>;
}

export type Progress = (line: string) => void;

/**
 * Runs `batch` until it finds nothing left to rotate. Each batch commits alone, so an
 * interrupted rotation keeps what it did, and running it again carries on where it stopped.
 */
export async function rotateInBatches(
  label: string,
  remaining: number,
  db: BatchDb,
  batch: (tx: SqlTx) => Promise<number>,
  progress: Progress,
): Promise<number> {
  let done = 0;
  progress(`${label}: ${remaining} to re-wrap`);
  for (;;) {
    const count = await db.transaction(batch);
    if (count === 0) break;
    done += count;
    progress(`${label}: ${done}/${Math.max(remaining, done)} re-wrapped`);
  }
  return done;
}
