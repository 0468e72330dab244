import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureGoTool, TEMPORAL_GO_MODULE, toolsBinDir } from './go-tool';
import { findClusterTools, serverClientSettings, TEMPORAL_SERVER_TOOLS, temporalServerConfig } from './temporal-server';

function script(path: string, body: string): string {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe(findClusterTools.name, () => {
  let project: string;
  beforeEach(() => (project = mkdtempSync(join(tmpdir(), 'cluster-project-'))));

  it('finds each under its own name: environment variable, then .tools/bin', () => {
    mkdirSync(toolsBinDir(project), { recursive: true });
    const explicit = script(join(mkdtempSync(join(tmpdir(), 'cluster-env-')), 'my-server'), 'echo server');
    const sql = script(join(toolsBinDir(project), 'temporal-sql-tool'), 'echo sql');
    const ui = script(join(toolsBinDir(project), 'temporal-ui-server'), 'echo ui');
    expect(findClusterTools(project, { TEMPORAL_SERVER: explicit, PATH: '' })).toEqual({
      server: { path: explicit, source: 'TEMPORAL_SERVER' },
      sqlTool: { path: sql, source: 'tools' },
      ui: { path: ui, source: 'tools' },
    });
  });

  it('a binary named as `go install` names it (server) is not taken for any of them', () => {
    mkdirSync(toolsBinDir(project), { recursive: true });
    script(join(toolsBinDir(project), 'server'), 'echo which');
    expect(findClusterTools(project, { PATH: toolsBinDir(project) })).toBeUndefined();
  });
});

describe(ensureGoTool.name, () => {
  const path = process.env.PATH;
  afterEach(() => (process.env.PATH = path));

  it('builds the server from the project\'s Go module and the UI server with go install, each under its own name', async () => {
    const project = mkdtempSync(join(tmpdir(), 'cluster-build-'));
    const fakeGo = mkdtempSync(join(tmpdir(), 'fake-go-'));
    // A go that "builds" a binary printing what it was built from: `go build -v -o <path> <package>`
    // (printing the folder it ran in) or `go install -v <module@version>` (named after the module's last element).
    script(
      join(fakeGo, 'go'),
      [
        'if [ "$1" = version ]; then echo go version fake; exit 0; fi',
        'if [ "$1" = build ]; then printf "#!/bin/sh\\necho %s in %s\\n" "$5" "$(pwd)" > "$4"; chmod +x "$4"; exit 0; fi',
        'mod="$3"; name=$(basename "${mod%@*}")',
        'printf "#!/bin/sh\\necho %s\\n" "$mod" > "$GOBIN/$name"; chmod +x "$GOBIN/$name"',
      ].join('\n'),
    );
    mkdirSync(join(project, TEMPORAL_GO_MODULE), { recursive: true });
    process.env.PATH = `${fakeGo}:/usr/bin:/bin`;
    const server = await ensureGoTool(TEMPORAL_SERVER_TOOLS.server, project, () => undefined);
    const ui = await ensureGoTool(TEMPORAL_SERVER_TOOLS.ui, project, () => undefined);
    expect(server).toEqual({ path: join(toolsBinDir(project), 'temporal-server'), source: 'built' });
    expect(ui).toEqual({ path: join(toolsBinDir(project), 'temporal-ui-server'), source: 'built' });
    expect(readFileSync(server.path, 'utf8')).toContain(`go.temporal.io/server/cmd/server in ${join(project, TEMPORAL_GO_MODULE)}`);
    expect(readFileSync(ui.path, 'utf8')).toContain(TEMPORAL_SERVER_TOOLS.ui.module);
    // Found from then on, not built again.
    await expect(ensureGoTool(TEMPORAL_SERVER_TOOLS.server, project, () => undefined)).resolves.toEqual({ path: server.path, source: 'tools' });
  });
});

describe(temporalServerConfig.name, () => {
  it('the shard count, both stores on postgres12, the ports and the metrics endpoint', () => {
    const ports = { frontend: 7233, frontendHttp: 7243, frontendMembership: 6933, history: 7234, historyMembership: 6934, matching: 7235, matchingMembership: 6935, worker: 7239, workerMembership: 6939, metrics: 8000 };
    const yaml = temporalServerConfig({ dbs: { serverUrl: 'postgres://temporal:s%40cret@db.internal:5433/postgres', main: 'temporal_a', visibility: 'temporal_a_visibility' }, ports, historyShards: 16, maxConns: 40 }, '/etc/dc.yaml');
    expect(yaml).toContain('numHistoryShards: 16');
    expect(yaml.match(/pluginName: "postgres12"/g)).toHaveLength(2);
    expect(yaml).toContain('databaseName: "temporal_a"');
    expect(yaml).toContain('databaseName: "temporal_a_visibility"');
    expect(yaml).toContain('connectAddr: "db.internal:5433"');
    expect(yaml).toContain('password: "s@cret"');
    expect(yaml).toContain('maxConns: 40');
    expect(yaml).toContain('maxConns: 10');
    expect(yaml).toContain('listenAddress: "127.0.0.1:8000"');
    expect(yaml).toContain('rpcAddress: "127.0.0.1:7233"');
    expect(yaml).toContain('filepath: "/etc/dc.yaml"');
    expect(yaml).not.toContain('tls:');
  });

  it('mutual TLS on the frontend: its certificate, client certificates required, the system worker a client with its own', () => {
    const ports = { frontend: 7233, frontendHttp: 7243, frontendMembership: 6933, history: 7234, historyMembership: 6934, matching: 7235, matchingMembership: 6935, worker: 7239, workerMembership: 6939, metrics: 8000 };
    const tls = { certFile: '/c/server.pem', keyFile: '/c/server.key', caFile: '/c/ca.pem', serverName: 'temporal.internal', clientCaFile: '/c/clients-ca.pem', systemWorker: { certFile: '/c/sw.pem', keyFile: '/c/sw.key' } };
    const yaml = temporalServerConfig({ dbs: { serverUrl: 'postgres://postgres@localhost/postgres', main: 'a', visibility: 'b' }, ports, historyShards: 4, tls }, '/etc/dc.yaml');
    const section = yaml.slice(yaml.indexOf('  tls:'), yaml.indexOf('services:'));
    expect(section).toContain('certFile: "/c/server.pem"');
    expect(section).toContain('requireClientAuth: true');
    expect(section).toMatch(/clientCaFiles:\n\s+- "\/c\/clients-ca.pem"/);
    expect(section).toMatch(/systemWorker:\n\s+certFile: "\/c\/sw.pem"\n\s+keyFile: "\/c\/sw.key"/);
    expect(section.match(/serverName: "temporal.internal"/g)).toHaveLength(2);
    expect(serverClientSettings({ ports, tls }, 'placement')).toEqual({ address: '127.0.0.1:7233', namespace: 'placement', tlsCaFile: '/c/ca.pem', tlsServerName: 'temporal.internal', tlsCertFile: '/c/sw.pem', tlsKeyFile: '/c/sw.key' });
    expect(serverClientSettings({ ports }, 'placement')).toEqual({ address: '127.0.0.1:7233', namespace: 'placement' });
  });
});
