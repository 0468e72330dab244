/**
 * BSN key rotation without downtime (README, Privacy):
 *
 *   1. Add the new key to BSN_KEYS (keep the old one) and make it BSN_KEY_CURRENT; redeploy. New
 *      BSNs are sealed with it; old ones still decrypt.
 *   2. Run this: every BSN sealed with another key is re-encrypted under the current one, a batch
 *      at a time, with progress. Safe to run again, and alongside the running system (a row
 *      changed meanwhile is left to the next run).
 *   3. Remove the old key from BSN_KEYS; redeploy.
 *
 *   npm run privacy:rotate-bsn-key            (from the sources)
 *   node dist/scripts/rotate-bsn-key.js       (a built deployment)
 */
import { Client } from 'pg';
import { bsnCipher, validateEnvironment } from '../libs/config/src/environment';
import type { FieldCipher } from '../libs/config/src/field-cipher';

export interface RotationProgress {
  resealed: number;
  remaining: number;
}

/** Re-encrypts every BSN sealed with another key than the current one; returns how many. */
export async function rotateBsnKey(db: Client, cipher: FieldCipher, progress: (p: RotationProgress) => void = () => undefined, batch = 500): Promise<number> {
  let resealed = 0;
  for (;;) {
    const { rows } = await db.query<{ id: string; bsn_encrypted: string }>(
      `SELECT id, bsn_encrypted FROM candidates WHERE bsn_encrypted IS NOT NULL AND split_part(bsn_encrypted, ':', 1) <> $1 ORDER BY id LIMIT $2`,
      [cipher.currentKeyId, batch],
    );
    if (!rows.length) return resealed;
    let changed = 0;
    for (const row of rows) {
      const sealed = cipher.encrypt(cipher.decrypt(row.bsn_encrypted));
      // Only the value read: a row changed meanwhile (recorded again, erased) is left alone.
      const result = await db.query(`UPDATE candidates SET bsn_encrypted = $3 WHERE id = $1 AND bsn_encrypted = $2`, [row.id, row.bsn_encrypted, sealed]);
      changed += result.rowCount ?? 0;
    }
    resealed += changed;
    const { rows: left } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM candidates WHERE bsn_encrypted IS NOT NULL AND split_part(bsn_encrypted, ':', 1) <> $1`,
      [cipher.currentKeyId],
    );
    progress({ resealed, remaining: left[0].n });
    if (!changed) return resealed; // every row of the batch changed under us: the next run takes them
  }
}

async function main(): Promise<void> {
  const env = validateEnvironment(process.env);
  const cipher = bsnCipher(env);
  const db = new Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  try {
    const started = Date.now();
    const total = await rotateBsnKey(db, cipher, (p) => console.log(`[rotate-bsn-key] re-encrypted ${p.resealed}, ${p.remaining} to go`));
    console.log(`[rotate-bsn-key] done: ${total} BSNs now sealed with key ${cipher.currentKeyId} (${Date.now() - started} ms).`);
  } finally {
    await db.end();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`[rotate-bsn-key] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
