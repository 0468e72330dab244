import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientConnectionOptions, nativeConnectionOptions, plainSettings } from './connection';

describe(clientConnectionOptions.name, () => {
  const dir = mkdtempSync(join(tmpdir(), 'placement-conn-'));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const crt = file('client.pem', '-----BEGIN CERTIFICATE-----\ncrt\n-----END CERTIFICATE-----\n');
  const key = file('client.key', '-----BEGIN PRIVATE KEY-----\nkey\n-----END PRIVATE KEY-----\n');
  const ca = file('ca.pem', '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the dev server: plain text, no key', () => {
    expect(clientConnectionOptions(plainSettings('127.0.0.1:7233'))).toEqual({ address: '127.0.0.1:7233', tls: undefined });
    expect(nativeConnectionOptions(plainSettings('127.0.0.1:7233'))).toEqual({ address: '127.0.0.1:7233', tls: undefined });
  });

  it('mutual TLS with a private CA and a server name, for the client and the worker alike', () => {
    const settings = { address: 'temporal.internal:7233', namespace: 'placement', tlsCertFile: crt, tlsKeyFile: key, tlsCaFile: ca, tlsServerName: 'frontend.temporal' };
    const expected = {
      address: 'temporal.internal:7233',
      tls: { serverNameOverride: 'frontend.temporal', serverRootCACertificate: readFileSync(ca), clientCertPair: { crt: readFileSync(crt), key: readFileSync(key) } },
    };
    expect(clientConnectionOptions(settings)).toEqual(expected);
    expect(nativeConnectionOptions(settings)).toEqual(expected);
  });

  it('an API key goes over TLS with the system trust store (Temporal Cloud)', () => {
    const settings = { address: 'placement.abcde.tmprl.cloud:7233', namespace: 'placement.abcde', apiKey: 'k'.repeat(40) };
    expect(clientConnectionOptions(settings)).toEqual({ address: settings.address, tls: {}, apiKey: 'k'.repeat(40) });
    expect(nativeConnectionOptions(settings)).toEqual({ address: settings.address, tls: {}, apiKey: 'k'.repeat(40) });
  });
});
