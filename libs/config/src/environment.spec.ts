import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { productionEnvironment } from '../../../test/support/production-env';
import { DEVELOPMENT_BSN_HASH_KEY, DEVELOPMENT_BSN_KEYS, DEVELOPMENT_SECRET, InvalidEnvironmentError, mailSettings, servesApiDocs, temporalSettings, validateEnvironment, validateTemporalEnvironment } from './environment';

describe(validateEnvironment.name, () => {
  const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/placement' };

  it('applies the embedded defaults', () => {
    const env = validateEnvironment(base);
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'placement-journeys',
      LOG_LEVEL: 'log',
    });
    expect(Object.isFrozen(env)).toBe(true);
  });

  it('reads numbers from strings', () => {
    expect(validateEnvironment({ ...base, PORT: '8080', DEPENDENCY_TIMEOUT_MS: '2500', JOURNEY_TIME_SCALE: '2e-7' })).toMatchObject({
      PORT: 8080,
      DEPENDENCY_TIMEOUT_MS: 2500,
      JOURNEY_TIME_SCALE: 2e-7,
    });
  });

  it.each([
    [{ PORT: 'abc' }, /PORT \(got "abc"\)/],
    [{ PORT: '70000' }, /PORT \(got 70000\)/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV \(got "staging"\)/],
    [{ TEMPORAL_ADDRESS: 'localhost' }, /TEMPORAL_ADDRESS .*host:port/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ JOURNEY_TIME_SCALE: '2' }, /JOURNEY_TIME_SCALE/],
    [{ JOURNEY_TIME_SCALE: 'fast' }, /JOURNEY_TIME_SCALE must be a number/],
    [{ DATABASE_URL: 'mysql://x/y' }, /DATABASE_URL \(got <hidden>\): DATABASE_URL must be a postgres:\/\/ URL/],
  ])('names the bad variable %j', (override, message) => {
    expect(() => validateEnvironment({ ...base, ...override })).toThrow(message);
  });

  it('names a missing DATABASE_URL and every other problem at once', () => {
    let error: unknown;
    try {
      validateEnvironment({ PORT: 'x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidEnvironmentError);
    expect((error as InvalidEnvironmentError).problems).toEqual([
      expect.stringMatching(/^PORT \(got "x"\)/),
      expect.stringMatching(/^DATABASE_URL is missing/),
    ]);
  });

  it('never echoes a database password', () => {
    expect(() => validateEnvironment({ DATABASE_URL: 'mysql://user:s3cret@host/db' })).toThrow(/^(?![\s\S]*s3cret)/);
  });

  const { BSN_KEYS, BSN_HASH_KEY, ...withoutBsnKeys } = productionEnvironment();
  const bsnKeys = { BSN_KEYS, BSN_HASH_KEY };

  it('production needs its own BSN keys, of the right size, the current one among them', () => {
    const prod = { ...base, ...withoutBsnKeys };
    expect(() => validateEnvironment(prod)).toThrow(/BSN_KEYS and BSN_HASH_KEY are missing/);
    expect(() => validateEnvironment({ ...prod, ...bsnKeys, BSN_KEYS: `k1:${Buffer.alloc(16).toString('base64')}xxxxxxxxxxxxxxxxxxxx` })).toThrow(/BSN_KEYS/);
    expect(() => validateEnvironment({ ...prod, ...bsnKeys, BSN_KEY_CURRENT: 'k9' })).toThrow(/current field key k9 is not among the keys/);
    expect(() => validateEnvironment({ ...prod, ...bsnKeys })).not.toThrow();
  });

  it('production needs a way to verify tokens', () => {
    expect(() => validateEnvironment({ ...base, NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET or OIDC_ISSUER is missing/);
    expect(validateEnvironment({ ...base, ...productionEnvironment() }).NODE_ENV).toBe('production');
    expect(() => validateEnvironment({ ...base, AUTH_JWT_SECRET: 'short' })).toThrow(/AUTH_JWT_SECRET \(got <hidden>\)/);
  });

  it('production requires the audience of its tokens, and the issuer of those signed with AUTH_JWT_SECRET', () => {
    const { AUTH_AUDIENCE: _, AUTH_ISSUER: __, AUTH_JWT_SECRET: secret, ...rest } = productionEnvironment();
    expect(() => validateEnvironment({ ...base, ...rest, AUTH_JWT_SECRET: secret, AUTH_ISSUER: 'https://login.example.nl' })).toThrow(/AUTH_AUDIENCE is missing/);
    expect(() => validateEnvironment({ ...base, ...rest, AUTH_JWT_SECRET: secret, AUTH_AUDIENCE: 'placement-engine' })).toThrow(/AUTH_ISSUER is missing/);
    // With an OIDC issuer its tokens name it; no AUTH_ISSUER then.
    expect(validateEnvironment({ ...base, ...rest, OIDC_ISSUER: 'https://login.example.nl/realms/gemeente', AUTH_AUDIENCE: 'placement-engine' }).NODE_ENV).toBe('production');
  });

  const developmentKey = DEVELOPMENT_BSN_KEYS.split(':')[1];
  it.each([
    ['the development token secret', { AUTH_JWT_SECRET: DEVELOPMENT_SECRET }, /AUTH_JWT_SECRET is a value published in the source code/],
    ['the development BSN key', { BSN_KEYS: DEVELOPMENT_BSN_KEYS }, /BSN_KEYS is a value published in the source code/],
    ['the development BSN key under another id, beside a key of its own', { BSN_KEYS: `own:${bsnKeys.BSN_KEYS.split(':')[1]},k2:${developmentKey}`, BSN_KEY_CURRENT: 'own' }, /BSN_KEYS is a value published/],
    ['the development BSN hash key', { BSN_HASH_KEY: DEVELOPMENT_BSN_HASH_KEY }, /BSN_HASH_KEY is a value published in the source code/],
    ['a secret written out in a test', { AUTH_JWT_SECRET: 's'.repeat(32) }, /AUTH_JWT_SECRET is not random/],
    ['a BSN key written out in a test', { BSN_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}` }, /BSN_KEYS is not random/],
    ['a BSN hash key written out in a test', { BSN_HASH_KEY: Buffer.alloc(32, 8).toString('base64') }, /BSN_HASH_KEY is not random/],
  ])('production refuses %s, naming the variable', (_, secret, message) => {
    expect(() => validateEnvironment({ ...base, ...productionEnvironment(), ...secret })).toThrow(message);
    // Outside production the same values are fine (the built-in ones are the defaults there).
    expect(() => validateEnvironment({ ...base, ...secret })).not.toThrow();
  });

  it('serves the API document outside production, in production only with API_DOCS=true', () => {
    expect(servesApiDocs(validateEnvironment(base))).toBe(true);
    expect(servesApiDocs(validateEnvironment({ ...base, ...productionEnvironment() }))).toBe(false);
    expect(servesApiDocs(validateEnvironment({ ...base, ...productionEnvironment(), API_DOCS: 'true' }))).toBe(true);
    expect(() => validateEnvironment({ ...base, API_DOCS: 'yes' })).toThrow(/API_DOCS must be true or false/);
  });

  it('rate limits: on by default, per minute, each limit named when bad', () => {
    expect(validateEnvironment(base)).toMatchObject({ RATE_LIMITS: 'on', RATE_LIMIT_PER_USER: 300, RATE_LIMIT_PER_ADDRESS: 600, RATE_LIMIT_SIGN_IN: 30 });
    expect(validateEnvironment({ ...base, RATE_LIMITS: 'off', RATE_LIMIT_SIGN_IN: '5', TRUST_PROXY: '10.0.0.0/8, 192.168.1.2' })).toMatchObject({ RATE_LIMITS: 'off', RATE_LIMIT_SIGN_IN: 5 });
    expect(() => validateEnvironment({ ...base, RATE_LIMITS: 'false' })).toThrow(/RATE_LIMITS must be on or off/);
    expect(() => validateEnvironment({ ...base, RATE_LIMIT_PER_USER: '0' })).toThrow(/RATE_LIMIT_PER_USER/);
    expect(() => validateEnvironment({ ...base, TRUST_PROXY: 'the proxy' })).toThrow(/TRUST_PROXY must be addresses or CIDR ranges/);
  });

  describe('mail', () => {
    it('defaults to the local Mailpit, links to the API, the digest at 07:00', () => {
      const env = validateEnvironment(base);
      expect(env.DIGEST_TIME).toBe('07:00');
      expect(mailSettings(env)).toEqual({
        smtpUrl: 'smtp://127.0.0.1:1025',
        from: 'Plaatsingsmethode <noreply@placement-engine.localhost>',
        publicUrl: 'http://127.0.0.1:3000',
        domain: 'placement-engine.localhost',
      });
    });

    it('takes a mail server, a sender, a public URL and a digest time', () => {
      const env = validateEnvironment({ ...base, SMTP_URL: 'smtp://user:pw@mail.example.nl:587', MAIL_FROM: 'noreply@gemeente.nl', PUBLIC_URL: 'https://plaatsingen.gemeente.nl/', DIGEST_TIME: '18:30' });
      expect(mailSettings(env)).toEqual({ smtpUrl: 'smtp://user:pw@mail.example.nl:587', from: 'noreply@gemeente.nl', publicUrl: 'https://plaatsingen.gemeente.nl', domain: 'gemeente.nl' });
      expect(env.DIGEST_TIME).toBe('18:30');
    });

    it.each([
      [{ SMTP_URL: 'mail.example.nl' }, /SMTP_URL \(got <hidden>\): SMTP_URL must be smtp:/],
      [{ MAIL_FROM: 'nobody' }, /MAIL_FROM \(got "nobody"\): MAIL_FROM must be an address/],
      [{ PUBLIC_URL: 'plaatsingen' }, /PUBLIC_URL \(got "plaatsingen"\): PUBLIC_URL must be an http\(s\) URL/],
      [{ DIGEST_TIME: '7 uur' }, /DIGEST_TIME \(got "7 uur"\): DIGEST_TIME must be HH:MM/],
      [{ DIGEST_TIME: '24:00' }, /DIGEST_TIME/],
    ])('names the bad variable %j', (override, message) => {
      expect(() => validateEnvironment({ ...base, ...override })).toThrow(message);
    });

    it('production needs its own mail server, and never echoes its password', () => {
      const { SMTP_URL: _, ...withoutMail } = productionEnvironment();
      expect(() => validateEnvironment({ ...base, ...withoutMail })).toThrow(/SMTP_URL is missing/);
      expect(() => validateEnvironment({ ...base, SMTP_URL: 'ftp://user:s3cret@x' })).toThrow(/^(?![\s\S]*s3cret)/);
    });
  });

  describe('Temporal over TLS', () => {
    const dir = mkdtempSync(join(tmpdir(), 'placement-tls-'));
    const pem = join(dir, 'client.pem');
    const notPem = join(dir, 'client.txt');
    writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    writeFileSync(notPem, 'hello');
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('a complete setting is taken: mutual TLS, a CA, a server name; an API key implies TLS', () => {
      const env = validateEnvironment({ ...base, TEMPORAL_TLS_CERT: pem, TEMPORAL_TLS_KEY: pem, TEMPORAL_TLS_CA: pem, TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' });
      expect(temporalSettings(env)).toEqual({ address: '127.0.0.1:7233', namespace: 'default', tlsCertFile: pem, tlsKeyFile: pem, tlsCaFile: pem, tlsServerName: 'temporal.internal' });
      expect(temporalSettings(validateEnvironment({ ...base, TEMPORAL_API_KEY: 'k'.repeat(40) }))).toMatchObject({ apiKey: 'k'.repeat(40) });
    });

    it.each([
      ['a certificate without its key', { TEMPORAL_TLS_CERT: pem }, /TEMPORAL_TLS_KEY is missing: mutual TLS needs both/],
      ['a key without its certificate', { TEMPORAL_TLS_KEY: pem }, /TEMPORAL_TLS_CERT is missing/],
      ['a file that is not there', { TEMPORAL_TLS_CA: join(dir, 'nope.pem') }, /TEMPORAL_TLS_CA \(.*nope.pem\) cannot be read: ENOENT/],
      ['a file that is not PEM', { TEMPORAL_TLS_CA: notPem }, /TEMPORAL_TLS_CA \(.*client.txt\) is not a PEM file/],
      ['TLS off with an API key', { TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k'.repeat(40) }, /TEMPORAL_TLS is false, but TLS files or an API key are set/],
      ['a server name without TLS', { TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' }, /TEMPORAL_TLS_SERVER_NAME is set, but TLS is not on/],
      ['TLS neither true nor false', { TEMPORAL_TLS: 'yes' }, /TEMPORAL_TLS \(got "yes"\)/],
    ])('%s is named', (_, settings, message) => {
      expect(() => validateEnvironment({ ...base, ...settings })).toThrow(message);
    });

    it('never echoes an API key', () => {
      expect(() => validateEnvironment({ ...base, TEMPORAL_API_KEY: 'short' })).toThrow(/TEMPORAL_API_KEY \(got <hidden>\)/);
    });

    it('the other Temporal clients (bench, drill, scripts) validate the same settings without a database', () => {
      const env = validateTemporalEnvironment({ TEMPORAL_ADDRESS: 'temporal.gemeente.nl:7233', TEMPORAL_NAMESPACE: 'placement', TEMPORAL_TLS_CA: pem, TEMPORAL_API_KEY: 'k'.repeat(40) });
      expect(temporalSettings(env)).toEqual({ address: 'temporal.gemeente.nl:7233', namespace: 'placement', tlsCaFile: pem, apiKey: 'k'.repeat(40) });
      expect(() => validateTemporalEnvironment({ TEMPORAL_TLS_KEY: pem })).toThrow(/TEMPORAL_TLS_CERT is missing/);
      expect(() => validateTemporalEnvironment({ TEMPORAL_ADDRESS: 'nohost' })).toThrow(/TEMPORAL_ADDRESS .*host:port/);
      expect(temporalSettings(validateTemporalEnvironment({}))).toEqual({ address: '127.0.0.1:7233', namespace: 'default' });
    });
  });
});
