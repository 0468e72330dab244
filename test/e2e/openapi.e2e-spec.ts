import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { taskPayloadSchemas } from '../../libs/contracts/src/task-payload-schemas';
import { getMetadataStorage } from 'class-validator';
import { startApi } from '../support/stack';
import { WEB_APP_PAGES } from '../../apps/api/src/web-app';

type PropertySchema = { type?: string; pattern?: string; minimum?: number; maximum?: number; enum?: unknown[]; format?: string; items?: PropertySchema };

/**
 * What a rule of class-validator says about a value, as the OpenAPI document must say it too;
 * undefined for rules the document has no words for.
 */
function documentedAs(rule: string, constraints: unknown[]): Partial<PropertySchema> | undefined {
  switch (rule) {
    case 'isInt':
      return { type: 'integer' };
    case 'matches':
      return { pattern: (constraints[0] as RegExp).source };
    case 'min':
      return { minimum: constraints[0] as number };
    case 'max':
      return { maximum: constraints[0] as number };
    case 'isIn':
      return { enum: [...(constraints[0] as unknown[])].sort() };
    case 'isUuid':
      return { format: 'uuid' };
    default:
      return undefined;
  }
}

/** The OpenAPI document describes every route the API serves, with its errors as problem+json. */
describe('OpenAPI document', () => {
  let api: NestFastifyApplication;
  let doc: {
    paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }>; requestBody?: unknown; security?: unknown[]; parameters?: { name: string; in: string }[] }>>;
    components: { schemas: Record<string, unknown> };
  };

  beforeAll(async () => {
    api = await startApi();
    doc = (await api.inject({ method: 'GET', url: '/docs-json' })).json();
  });

  afterAll(async () => {
    await api?.close();
  });

  /** The routes Fastify serves, as "METHOD /openapi/{path}". */
  function servedRoutes(): string[] {
    const routes: string[] = [];
    const tree = api.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
    // printRoutes draws a tree; rebuild full paths from its indentation.
    const stack: string[] = [];
    for (const line of tree.split('\n')) {
      const match = /^([│ ├└─]*)(\S.*?) \(([A-Z, ]+)\)$/.exec(line) ?? /^([│ ├└─]*)(\S.*)$/.exec(line);
      if (!match) continue;
      const depth = match[1].length / 4;
      stack.length = depth;
      stack.push(match[2]);
      const methods = /\(([A-Z, ]+)\)$/.exec(line)?.[1];
      if (methods) {
        const path = stack.join('').replace(/:([A-Za-z]+)/g, '{$1}');
        for (const m of methods.split(', ')) if (m !== 'HEAD') routes.push(`${m} ${path}`);
      }
    }
    // The web app's pages and files (served when it is built: `npm test` builds first) are not API
    // operations; its pages are the only wildcard routes (the tree draws /taken and /taken/* as /taken*).
    const webApp = new Set<string>(WEB_APP_PAGES.map((page) => `GET ${page}`));
    return routes.filter((r) => !/ \/docs/.test(r) && !/^GET \/assets\//.test(r) && !webApp.has(r) && !r.includes('*'));
  }

  it('lists every route the API serves', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const served = servedRoutes();
    expect(served.length).toBeGreaterThanOrEqual(20);
    expect(documented.sort()).toEqual(served.sort());
  });

  it('documents 401 for every protected operation, and every error response as problem+json', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const isPublic = path.startsWith('/health') || path.startsWith('/dev/') || path === '/auth/config';
        if (!isPublic) expect([`${method} ${path}`, Object.keys(op.responses)]).toEqual([`${method} ${path}`, expect.arrayContaining(['401'])]);
        for (const [status, response] of Object.entries(op.responses)) {
          if (Number(status) >= 400 && !path.startsWith('/health')) {
            expect([`${method} ${path} ${status}`, Object.keys(response.content ?? {})]).toEqual([`${method} ${path} ${status}`, ['application/problem+json']]);
          }
        }
      }
    }
  });

  it('states every rule the validators check on a documented body: integers, patterns, bounds, enums, uuids', () => {
    const storage = getMetadataStorage();
    const classes = [...(storage as unknown as { validationMetadatas: Map<new () => object, unknown> }).validationMetadatas.keys()];
    const drift: string[] = [];
    let checked = 0;
    for (const target of classes) {
      const schema = doc.components.schemas[target.name] as { properties?: Record<string, PropertySchema> } | undefined;
      if (!schema?.properties) continue;
      for (const rule of storage.getTargetValidationMetadatas(target, '', true, false)) {
        const name = storage.getTargetValidatorConstraints(rule.constraintCls)[0]?.name ?? rule.type;
        const expected = documentedAs(name, rule.constraints ?? []);
        const property = schema.properties[rule.propertyName];
        if (!expected || !property) continue;
        const actual = rule.each ? property.items : property;
        const seen = Object.fromEntries(Object.keys(expected).map((k) => [k, k === 'enum' && Array.isArray(actual?.[k]) ? [...actual[k]].sort() : actual?.[k as keyof PropertySchema]]));
        checked += 1;
        if (JSON.stringify(seen) !== JSON.stringify(expected)) drift.push(`${target.name}.${rule.propertyName}${rule.each ? '[]' : ''}: validated as ${JSON.stringify(expected)}, documented as ${JSON.stringify(seen)}`);
      }
    }
    // Task payloads: the method's own schemas (libs/domain/src/method), as the document states them.
    for (const [name, schema] of Object.entries(taskPayloadSchemas())) {
      for (const [property, rule] of Object.entries(schema.properties as Record<string, unknown>)) {
        checked += 1;
        const documented = (doc.components.schemas[name] as { properties?: Record<string, unknown> } | undefined)?.properties?.[property];
        if (JSON.stringify(documented) !== JSON.stringify(rule)) drift.push(`${name}.${property}: validated as ${JSON.stringify(rule)}, documented as ${JSON.stringify(documented)}`);
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(drift).toEqual([]);
  });

  it('names the Idempotency-Key on every command and has the schema of every task payload', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        // A safe search sent as POST (its body holds what must not be in a URL) is no command.
        if ((method === 'post' || method === 'patch') && path !== '/dev/tokens' && !(op as { 'x-safe-query'?: boolean })['x-safe-query']) {
          expect([path, (op.parameters ?? []).some((p) => p.name === 'Idempotency-Key' && p.in === 'header')]).toEqual([path, true]);
        }
      }
    }
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['IntakeAcceptPayload', 'AnalyseMatchPayload', 'PlacementOutcomePayload', 'ProblemDetails']));
  });
});
