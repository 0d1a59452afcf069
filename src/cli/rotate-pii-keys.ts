import { Client } from 'pg';
import { rotatePortalTokens } from '../modules/crm-sync/infrastructure/portal-token-rotation';
import { ContactSealing } from '../modules/leads/infrastructure/contact-sealing';
import { rotateLeadKeys } from '../modules/leads/infrastructure/lead-key-rotation';
import { BatchDb, Progress } from '../shared/crypto/key-rotation';
import { SecretBox } from '../shared/crypto/secret-box';

const BATCH = 500;

/**
 * Brings everything sealed by a master key under the current one: lead data keys (and their
 * lookup hashes) and Bitrix24 portal tokens. Idempotent; after it, older keys can leave the ring.
 */
export async function rotatePiiKeys(
  databaseUrl: string,
  box: SecretBox,
  progress: Progress,
): Promise<{ leadKeys: number; portals: number }> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'partner-leads-pii-rotate-key' });
  await client.connect();
  const db: BatchDb = {
    transaction: async (work) => {
      await client.query('BEGIN');
      try {
        const result = await work({
          query: (text, values) => client.query(text, values).then((r) => ({ rows: r.rows, rowCount: r.rowCount ?? 0 })),
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
  };
  try {
    progress(`current master key: ${box.currentKeyId}`);
    const leadKeys = await rotateLeadKeys(db, new ContactSealing(box), box.currentKeyId, BATCH, progress);
    const portals = await rotatePortalTokens(db, box, BATCH, progress);
    return { leadKeys, portals };
  } finally {
    await client.end();
  }
}
