/**
 * The one door to Temporal: every client and worker connection of the API, the worker, the
 * tooling and the tests is made here, from the same settings (address, namespace, TLS or mutual
 * TLS, an API key), so a Temporal cluster or Temporal Cloud is a configuration change.
 */
import { readFileSync } from 'node:fs';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import { usesTls, type TemporalSettings } from './settings';

export type { TemporalSettings } from './settings';

/** TLS options as both SDK connections take them (undefined: plain text, the dev server). */
function tlsOptions(s: TemporalSettings): ConnectionOptions['tls'] {
  if (!usesTls(s)) return undefined;
  return {
    ...(s.tlsServerName ? { serverNameOverride: s.tlsServerName } : {}),
    ...(s.tlsCaFile ? { serverRootCACertificate: readFileSync(s.tlsCaFile) } : {}),
    ...(s.tlsCertFile && s.tlsKeyFile ? { clientCertPair: { crt: readFileSync(s.tlsCertFile), key: readFileSync(s.tlsKeyFile) } } : {}),
  };
}

/** Options for a client connection (API, tools, tests). */
export function clientConnectionOptions(s: TemporalSettings, extra: Partial<ConnectionOptions> = {}): ConnectionOptions {
  return { address: s.address, tls: tlsOptions(s), ...(s.apiKey ? { apiKey: s.apiKey } : {}), ...extra };
}

/** Options for a worker's connection. */
export function nativeConnectionOptions(s: TemporalSettings): NativeConnectionOptions {
  return { address: s.address, tls: tlsOptions(s), ...(s.apiKey ? { apiKey: s.apiKey } : {}) };
}

/**
 * A client that connects on first use (the API: it starts whether or not Temporal is up). While
 * Temporal cannot be reached its channel tries again at most every 2 s (gRPC's default backoff
 * grows to 2 minutes), so the API serves again within seconds of Temporal coming back.
 */
export function lazyClient(s: TemporalSettings, connectTimeoutMs?: number): Client & { readonly connection: ObservedConnection } {
  const channelArgs = { 'grpc.initial_reconnect_backoff_ms': 250, 'grpc.max_reconnect_backoff_ms': 2_000 };
  // Connection.lazy makes `new this(...)`: an ObservedConnection, though typed as its base.
  const connection = ObservedConnection.lazy(clientConnectionOptions(s, { channelArgs, ...(connectTimeoutMs ? { connectTimeout: connectTimeoutMs } : {}) })) as ObservedConnection;
  return Object.assign(new Client({ connection, namespace: s.namespace }), { connection });
}

/** The gRPC channel's state as the API reads it (a subset of @grpc/grpc-js's Channel). */
export interface ObservedChannel {
  getConnectivityState(tryToConnect: boolean): number;
  watchConnectivityState(currentState: number, deadline: number, callback: (error?: Error) => void): void;
}

/** A client connection whose gRPC channel can be watched (the SDK keeps its client protected). */
export class ObservedConnection extends Connection {
  channel(): ObservedChannel {
    return this.client.getChannel();
  }
}

/** A connected client (tools and tests). */
export async function connectClient(s: TemporalSettings, connectTimeoutMs?: number): Promise<Client> {
  const connection = await Connection.connect(clientConnectionOptions(s, connectTimeoutMs ? { connectTimeout: connectTimeoutMs } : {}));
  return new Client({ connection, namespace: s.namespace });
}

export function connectNative(s: TemporalSettings): Promise<NativeConnection> {
  return NativeConnection.connect(nativeConnectionOptions(s));
}

/** The settings of a plain-text server at an address (the dev server of `npm start`, the tests, the bench). */
export function plainSettings(address: string, namespace = 'default'): TemporalSettings {
  return { address, namespace };
}
