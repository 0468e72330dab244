/** How to reach Temporal: the settings every connection is made from, and their validation. */
import { readFileSync } from 'node:fs';

export interface TemporalSettings {
  address: string;
  namespace: string;
  /** PEM files: a client certificate and key (mutual TLS), a CA to trust (a private CA). */
  tlsCertFile?: string;
  tlsKeyFile?: string;
  tlsCaFile?: string;
  /** The name the server's certificate is for, when it differs from the address's host. */
  tlsServerName?: string;
  /** TLS without files (the system's trust store), e.g. Temporal Cloud with an API key. */
  tls?: boolean;
  /** An API key, sent as a bearer token (Temporal Cloud); implies TLS. */
  apiKey?: string;
}

/** TLS is on when asked for, or when a certificate, a CA or an API key is given. */
export function usesTls(s: Partial<TemporalSettings>): boolean {
  return s.tls ?? !!(s.tlsCertFile || s.tlsCaFile || s.apiKey);
}

/** What is wrong with TLS settings: a key without its certificate, an unreadable file, an API key without TLS, ... */
export function tlsProblems(s: Partial<TemporalSettings>, names: Record<'cert' | 'key' | 'ca' | 'tls' | 'serverName', string> = DEFAULT_NAMES): string[] {
  const problems: string[] = [];
  if (!!s.tlsCertFile !== !!s.tlsKeyFile) {
    problems.push(`${s.tlsCertFile ? names.key : names.cert} is missing: mutual TLS needs both ${names.cert} and ${names.key}`);
  }
  for (const [name, file] of [
    [names.cert, s.tlsCertFile],
    [names.key, s.tlsKeyFile],
    [names.ca, s.tlsCaFile],
  ] as const) {
    if (!file) continue;
    try {
      const text = readFileSync(file, 'utf8');
      if (!text.includes('-----BEGIN ')) problems.push(`${name} (${file}) is not a PEM file`);
    } catch (error) {
      problems.push(`${name} (${file}) cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  if (s.tls === false && (s.tlsCertFile || s.tlsCaFile || s.apiKey)) problems.push(`${names.tls} is false, but TLS files or an API key are set`);
  if (s.tlsServerName && !usesTls(s)) {
    problems.push(`${names.serverName} is set, but TLS is not on: set ${names.tls}=true, ${names.ca} or a client certificate as well`);
  }
  return problems;
}

const DEFAULT_NAMES = { cert: 'TEMPORAL_TLS_CERT', key: 'TEMPORAL_TLS_KEY', ca: 'TEMPORAL_TLS_CA', tls: 'TEMPORAL_TLS', serverName: 'TEMPORAL_TLS_SERVER_NAME' };

