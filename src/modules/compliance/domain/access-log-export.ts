export const ACCESS_LOG_FORMATS = ['json', 'csv', 'ndjson'] as const;
export type AccessLogFormat = (typeof ACCESS_LOG_FORMATS)[number];

/** One read of the access log by an operator or auditor key: the log's own audit trail. */
export interface AccessLogExport {
  at: Date;
  clientId: string;
  role: string;
  format: AccessLogFormat;
  /** The filters as given (ids and times only, no personal data). */
  filters: Record<string, string | number>;
}
