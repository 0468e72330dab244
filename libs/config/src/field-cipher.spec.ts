import { FieldCipher, isValidBsn, parseKeys } from './field-cipher';

const key = (n: number) => Buffer.alloc(32, n);

describe('FieldCipher (the BSN at the field level)', () => {
  const hashKey = Buffer.alloc(32, 9);

  it('encrypts with the current key, never the same ciphertext twice, and decrypts it', () => {
    const cipher = new FieldCipher({ k1: key(1) }, 'k1', hashKey);
    const a = cipher.encrypt('111222333');
    const b = cipher.encrypt('111222333');
    expect(a).not.toBe(b);
    expect(a).not.toContain('111222333');
    expect(a.startsWith('k1:')).toBe(true);
    expect(cipher.decrypt(a)).toBe('111222333');
  });

  it('rotates without downtime: old values decrypt while new ones use the new key', () => {
    const old = new FieldCipher({ k1: key(1) }, 'k1', hashKey);
    const sealedOld = old.encrypt('111222333');
    const rotated = new FieldCipher({ k1: key(1), k2: key(2) }, 'k2', hashKey);
    expect(rotated.decrypt(sealedOld)).toBe('111222333');
    expect(rotated.keyIdOf(rotated.encrypt('111222333'))).toBe('k2');
    // The keyed hash does not depend on the encryption key: lookups keep working across a rotation.
    expect(rotated.hash('111222333')).toBe(old.hash('111222333'));
  });

  it('refuses a changed ciphertext, an unknown key, and keys of the wrong size', () => {
    const cipher = new FieldCipher({ k1: key(1) }, 'k1', hashKey);
    const [id, iv, tag, data] = cipher.encrypt('111222333').split(':');
    const flipped = Buffer.from(data, 'base64url');
    flipped[0] ^= 1;
    expect(() => cipher.decrypt([id, iv, tag, flipped.toString('base64url')].join(':'))).toThrow();
    expect(() => cipher.decrypt(['k7', iv, tag, data].join(':'))).toThrow(/unknown key k7/);
    expect(() => new FieldCipher({ k1: Buffer.alloc(16) }, 'k1', hashKey)).toThrow(/32 bytes/);
    expect(() => new FieldCipher({ k1: key(1) }, 'k2', hashKey)).toThrow(/not among the keys/);
  });

  it('hashes with its key: equal BSNs give equal hashes, another key another hash', () => {
    const a = new FieldCipher({ k1: key(1) }, 'k1', hashKey);
    const b = new FieldCipher({ k1: key(1) }, 'k1', Buffer.alloc(32, 8));
    expect(a.hash('111222333')).toBe(a.hash('111222333'));
    expect(a.hash('111222333')).not.toBe(b.hash('111222333'));
  });

  it('parses key lists', () => {
    expect(Object.keys(parseKeys(`a:${key(1).toString('base64')}, b:${key(2).toString('base64')}`))).toEqual(['a', 'b']);
  });
});

describe('isValidBsn (elfproef)', () => {
  it.each(['111222333', '123456782', '999999990'])('%s is valid', (bsn) => expect(isValidBsn(bsn)).toBe(true));
  it.each(['111222334', '12345678', '1234567890', 'abcdefghi', '000000000'])('%s is not', (bsn) => expect(isValidBsn(bsn)).toBe(false));
});
