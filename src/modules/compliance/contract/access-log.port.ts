import { Tx } from '../../../shared/database/tx';
import { AccessLogEntry } from './access-log-entry';

/**
 * The choke point every disclosure of personal data passes: called inside the transaction that
 * produces the disclosing response, so there is no response without its log row.
 */
export abstract class AccessLog {
  abstract record(tx: Tx, at: Date, entries: AccessLogEntry[]): Promise<void>;
}
