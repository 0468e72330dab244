/**
 * Certificates for mutual TLS tests, made with the openssl command line (Debian's openssl): a CA,
 * a server certificate for a name signed by it, and client certificates signed by it or by a
 * second CA the server does not trust. P-256 keys, valid for two days, in a folder of their own.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CertificatePair {
  certFile: string;
  keyFile: string;
}

export interface TestCertificates {
  caFile: string;
  serverName: string;
  server: CertificatePair;
  /** Client certificates the CA signed, by name. */
  clients: Record<string, CertificatePair>;
  /** A client certificate of another CA: a server that checks client certificates refuses it. */
  stranger: CertificatePair;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function ca(dir: string, name: string): CertificatePair {
  const pair = { certFile: join(dir, `${name}.pem`), keyFile: join(dir, `${name}.key`) };
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', pair.keyFile, '-out', pair.certFile, '-days', '2', '-subj', `/CN=${name}`]);
  return pair;
}

function signed(dir: string, issuer: CertificatePair, name: string, extensions: string): CertificatePair {
  const pair = { certFile: join(dir, `${name}.pem`), keyFile: join(dir, `${name}.key`) };
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, extensions);
  openssl(dir, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', pair.keyFile, '-out', csr, '-subj', `/CN=${name}`]);
  openssl(dir, ['x509', '-req', '-in', csr, '-CA', issuer.certFile, '-CAkey', issuer.keyFile, '-CAcreateserial', '-out', pair.certFile, '-days', '2', '-extfile', ext]);
  return pair;
}

/** Makes the CA, the server's certificate for `serverName` and one client certificate per name. */
export function makeTestCertificates(dir: string, serverName: string, clientNames: string[]): TestCertificates {
  const authority = ca(dir, 'test-ca');
  const server = signed(dir, authority, 'server', `subjectAltName=DNS:${serverName}\nextendedKeyUsage=serverAuth\n`);
  const clients = Object.fromEntries(clientNames.map((name) => [name, signed(dir, authority, name, 'extendedKeyUsage=clientAuth\n')]));
  const otherAuthority = ca(dir, 'other-ca');
  const stranger = signed(dir, otherAuthority, 'stranger', 'extendedKeyUsage=clientAuth\n');
  return { caFile: authority.certFile, serverName, server, clients, stranger };
}
