import { BatchDb, Progress, rotateInBatches } from '../../../shared/crypto/key-rotation';
import { ContactSealing } from './contact-sealing';

interface KeyRow {
  lead_id: string;
  wrapped_key: string;
  contact_phone: string | null;
  contact_email: string | null;
}

/**
 * Re-wraps every lead's data key under the current master key and recomputes its lookup hashes;
 * the contact ciphertexts are not touched. Keys already under the current master key are skipped.
 */
export async function rotateLeadKeys(
  db: BatchDb,
  sealing: ContactSealing,
  currentKeyId: string,
  batchSize: number,
  progress: Progress,
): Promise<number> {
  const [{ count }] = (
    await db.transaction((tx) =>
      tx.query<{ count: string }>('SELECT count(*) FROM leads.lead_keys WHERE key_id <> $1', [currentKeyId]),
    )
  ).rows;
  return rotateInBatches('lead data keys', Number(count), db, async (tx) => {
    const { rows } = await tx.query<KeyRow>(
      `SELECT k.lead_id, k.wrapped_key, l.contact_phone, l.contact_email
       FROM leads.lead_keys k JOIN leads.leads l ON l.id = k.lead_id
       WHERE k.key_id <> $1 ORDER BY k.lead_id LIMIT $2 FOR UPDATE OF k, l`,
      [currentKeyId, batchSize],
    );
    const rotated = rows.map((r) => {
      try {
        return { id: r.lead_id, ...sealing.rotate(r.lead_id, r.wrapped_key, { phone: r.contact_phone, email: r.contact_email }) };
      } catch (error) {
        // Stops the run: a key that does not open is lost data or tampering, for a human to look at.
        throw new Error(`lead ${r.lead_id}: its data key or fields do not open (${(error as Error).message})`, { cause: error });
      }
    });
    if (rotated.length === 0) return 0;
    await tx.query(
      `UPDATE leads.lead_keys k SET key_id = $2, wrapped_key = r.wrapped_key
       FROM unnest($1::uuid[], $3::text[]) AS r(lead_id, wrapped_key) WHERE k.lead_id = r.lead_id`,
      [rotated.map((r) => r.id), currentKeyId, rotated.map((r) => r.wrappedKey)],
    );
    await tx.query(
      `UPDATE leads.leads l SET contact_phone_hmac = r.phone, contact_email_hmac = r.email
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS r(id, phone, email) WHERE l.id = r.id`,
      [rotated.map((r) => r.id), rotated.map((r) => r.phoneHash), rotated.map((r) => r.emailHash)],
    );
    return rotated.length;
  }, progress);
}
