/** Evidence that a lead's contacts were destroyed (152-FZ asks for proof of destruction); never the data. */
export interface ErasureRecord {
  leadId: string;
  at: Date;
  reason: 'request' | 'retention';
  /** `operator:<client id>` for a request, `retention` for the scheduled job. */
  requestedBy: string;
}
