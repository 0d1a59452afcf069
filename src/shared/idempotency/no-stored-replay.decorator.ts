import { SetMetadata } from '@nestjs/common';

export const NO_STORED_REPLAY = 'idempotency:no-stored-replay';

/**
 * For endpoints whose answer carries personal data: the answer is not stored for replay (a replay
 * would disclose the data again without an access-log entry), so Idempotency-Key is ignored there.
 * Such endpoints must be safe to repeat on their own.
 */
export const NoStoredReplay = () => SetMetadata(NO_STORED_REPLAY, true);
