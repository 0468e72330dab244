/**
 * Field-level encryption of the BSN (AES-256-GCM) and its keyed hash (HMAC-SHA256) for lookups.
 * Keys come from the environment; each ciphertext names its key, so a new key can be added and
 * made current while old values still decrypt (rotation without downtime), and old values are
 * re-encrypted under the current key afterwards (CandidatesRepository.reencryptBsn).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export class FieldCipher {
  private readonly keys: Map<string, Buffer>;

  constructor(
    keys: Record<string, Buffer>,
    readonly currentKeyId: string,
    private readonly hashKey: Buffer,
  ) {
    this.keys = new Map(Object.entries(keys));
    for (const [id, key] of this.keys) if (key.length !== 32) throw new Error(`field key ${id} must be 32 bytes (AES-256)`);
    if (!this.keys.has(currentKeyId)) throw new Error(`the current field key ${currentKeyId} is not among the keys`);
    if (hashKey.length < 32) throw new Error('the field hash key must be at least 32 bytes');
  }

  /** `<key id>:<iv>:<tag>:<ciphertext>`, base64url parts. */
  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [this.currentKeyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join(':');
  }

  decrypt(sealed: string): string {
    const [keyId, iv, tag, data] = sealed.split(':');
    const key = this.keys.get(keyId);
    if (!key || !iv || !tag || data === undefined) throw new Error(`cannot decrypt: unknown key ${keyId} or malformed value`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }

  keyIdOf(sealed: string): string {
    return sealed.split(':')[0];
  }

  /** A keyed hash: equal values give equal hashes, and without the key nobody can test a guess. */
  hash(plain: string): string {
    return createHmac('sha256', this.hashKey).update(plain).digest('hex');
  }
}

/** `id:base64,id:base64` -> keys. */
export function parseKeys(spec: string): Record<string, Buffer> {
  return Object.fromEntries(
    spec
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [id, key] = part.split(':');
        return [id, Buffer.from(key ?? '', 'base64')];
      }),
  );
}

/** Valid BSN: nine digits passing the eleven test (elfproef). */
export function isValidBsn(bsn: string): boolean {
  if (!/^\d{9}$/.test(bsn)) return false;
  const digits = [...bsn].map(Number);
  const sum = digits.slice(0, 8).reduce((s, d, i) => s + d * (9 - i), 0) - digits[8];
  return sum % 11 === 0 && bsn !== '000000000';
}
