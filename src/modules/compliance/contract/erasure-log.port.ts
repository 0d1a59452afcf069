import { Tx } from '../../../shared/database/tx';
import { ErasureRecord } from './erasure-record';

/** Append-only, written in the transaction that destroys the data, so no erasure goes unrecorded. */
export abstract class ErasureLog {
  abstract record(tx: Tx, entries: ErasureRecord[]): Promise<void>;
}
