import { BatchDb, Progress, rotateInBatches } from '../../../shared/crypto/key-rotation';
import { SecretBox } from '../../../shared/crypto/secret-box';
import { portalTokenContext } from './portal.repository';

interface TokenRow {
  member_id: string;
  access_token: string | null;
  refresh_token: string | null;
}

const NOT_CURRENT = `((access_token IS NOT NULL AND split_part(access_token, '.', 2) <> $1)
  OR (refresh_token IS NOT NULL AND split_part(refresh_token, '.', 2) <> $1))`;

/**
 * Re-seals the portals' token pairs under the current master key (they are sealed by the master
 * key itself, with no data key between). The row lock is the one the token refresher takes, so a
 * refresh running meanwhile is neither lost nor overwritten.
 */
export async function rotatePortalTokens(db: BatchDb, box: SecretBox, batchSize: number, progress: Progress): Promise<number> {
  const [{ count }] = (
    await db.transaction((tx) =>
      tx.query<{ count: string }>(`SELECT count(*) FROM crm_sync.portals WHERE ${NOT_CURRENT}`, [box.currentKeyId]),
    )
  ).rows;
  return rotateInBatches('portal token pairs', Number(count), db, async (tx) => {
    const { rows } = await tx.query<TokenRow>(
      `SELECT member_id, access_token, refresh_token FROM crm_sync.portals WHERE ${NOT_CURRENT}
       ORDER BY member_id LIMIT $2 FOR UPDATE`,
      [box.currentKeyId, batchSize],
    );
    for (const r of rows) {
      const reseal = (sealed: string | null, kind: 'access' | 'refresh') =>
        sealed && box.reseal(sealed, portalTokenContext(r.member_id, kind));
      await tx.query('UPDATE crm_sync.portals SET access_token = $2, refresh_token = $3 WHERE member_id = $1', [
        r.member_id, reseal(r.access_token, 'access'), reseal(r.refresh_token, 'refresh'),
      ]);
    }
    return rows.length;
  }, progress);
}
