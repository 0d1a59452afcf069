import { AccessLogRecord } from '../infrastructure/access-log.repository';
import { csvRow } from './csv';

const COLUMNS = ['id', 'at', 'partnerId', 'b24UserId', 'leadId', 'claimId', 'purpose', 'channel'] as const;

export function toRecordView(r: AccessLogRecord) {
  return { ...r, at: r.at.toISOString() };
}

/** The export as CSV text chunks: a header, then one chunk per batch. */
export async function* csvChunks(batches: AsyncIterable<AccessLogRecord[]>): AsyncGenerator<string> {
  yield csvRow([...COLUMNS]);
  for await (const batch of batches) {
    yield batch.map((r) => csvRow(COLUMNS.map((column) => toRecordView(r)[column]))).join('');
  }
}

/** The export as newline-delimited JSON, one record per line: streamable, unlike one JSON array. */
export async function* ndjsonChunks(batches: AsyncIterable<AccessLogRecord[]>): AsyncGenerator<string> {
  for await (const batch of batches) {
    yield batch.map((r) => `${JSON.stringify(toRecordView(r))}\n`).join('');
  }
}
