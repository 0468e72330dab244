import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { buildOpenApi } from '../../apps/api/src/openapi';

type Schema = Record<string, unknown>;
interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
  components?: { schemas?: Record<string, Schema> };
}

const DOCUMENT_ID = 'openapi-document';
export const VIOLATION_HEADER = 'x-openapi-violation';

/**
 * The served OpenAPI document (/docs-json) as a JSON Schema validator of responses: every JSON
 * body must match the schema the document gives for its route, method and status, and a status
 * the document does not list for the route is a violation too. Objects may not carry properties
 * the document does not name, so a field added in code but not in the document is caught.
 */
export class OpenApiContract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction | null>();

  constructor(private readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    const schemas = Object.fromEntries(Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => [name, closed(schema)]));
    this.ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas } });
  }

  static async served(app: NestFastifyApplication): Promise<OpenApiContract> {
    const response = await app.inject({ method: 'GET', url: '/docs-json' });
    // Production serves no document unless API_DOCS=true: check its answers against the one it would serve.
    if (response.statusCode === 404) return new OpenApiContract(buildOpenApi(app) as unknown as OpenApiDocument);
    if (response.statusCode !== 200) throw new Error(`GET /docs-json answered ${response.statusCode}`);
    return new OpenApiContract(response.json());
  }

  /**
   * Why a response breaks the document, or undefined when it keeps to it (or is not JSON, or
   * not of a documented route). `route` is Fastify's pattern, e.g. /journeys/:candidateId.
   */
  violation(method: string, route: string | undefined, status: number, contentType: string | undefined, body: string): string | undefined {
    if (!route || route.startsWith('/docs')) return undefined;
    const path = route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const operation = this.document.paths[path]?.[method.toLowerCase()];
    if (!operation) return undefined;
    const where = `${method} ${path} ${status}`;
    const response = operation.responses?.[String(status)];
    if (!response) return `${where}: the document lists no ${status} for this operation (it lists ${Object.keys(operation.responses ?? {}).join(', ')})`;
    const type = (contentType ?? '').split(';')[0].trim();
    if (!/[/+]json$/.test(type) || !body) return undefined;
    if (!response.content?.[type]) return `${where}: answered ${type}, the document says ${Object.keys(response.content ?? {}).join(', ') || 'no body'}`;
    const validate = this.validator(path, method.toLowerCase(), String(status), type);
    if (!validate) return undefined;
    if (validate(JSON.parse(body))) return undefined;
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
    return `${where}: the body does not match the document: ${[...new Set(errors)].slice(0, 5).join('; ')}`;
  }

  private validator(path: string, method: string, status: string, type: string): ValidateFunction | null {
    const id = `${method} ${path} ${status} ${type}`;
    if (!this.validators.has(id)) {
      const schema = this.document.paths[path][method].responses![status].content![type].schema;
      this.validators.set(id, schema ? this.ajv.compile(rebase(closed(schema))) : null);
    }
    return this.validators.get(id)!;
  }
}

/** The schema with `additionalProperties: false` on every object that names its properties and says nothing else. */
function closed(schema: Schema): Schema {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const copy = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === 'example' || k === 'examples' ? v : walk(v)])) as Schema;
    if (copy.properties && copy.additionalProperties === undefined && !copy.allOf && !copy.oneOf && !copy.anyOf) copy.additionalProperties = false;
    return copy;
  };
  return walk(schema) as Schema;
}

/** A response schema whose references point into the document's components. */
function rebase(schema: Schema): Schema {
  return JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, `"${DOCUMENT_ID}#/components/`)) as Schema;
}

/**
 * The app, with every response checked against its served OpenAPI document: `inject` throws on
 * a response that breaks it (the test fails on that line), and `close` throws if a response over
 * real HTTP did.
 */
export async function withOpenApiContract(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  const loaded: { contract?: OpenApiContract } = {};
  const unreported: string[] = [];
  // The hook goes in before the first request readies the app; the document is read right after.
  app.getHttpAdapter().getInstance().addHook('onSend', async (request, reply, payload) => {
    const { contract } = loaded;
    if (!contract) return payload;
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString() : '';
    const contentType = reply.getHeader('content-type');
    const problem = contract.violation(request.method, request.routeOptions.url, reply.statusCode, typeof contentType === 'string' ? contentType : undefined, body);
    if (problem) {
      unreported.push(problem);
      void reply.header(VIOLATION_HEADER, encodeURIComponent(problem));
    }
    return payload;
  });
  loaded.contract = await OpenApiContract.served(app);

  const inject = async (options?: unknown): Promise<unknown> => {
    if (options === undefined) throw new Error('use inject({ ... }) in tests, so the response is checked against the OpenAPI document');
    const response = (await app.inject(options as Parameters<typeof app.inject>[0])) as { headers: Record<string, unknown> };
    const problem = response.headers[VIOLATION_HEADER];
    if (typeof problem === 'string') {
      const text = decodeURIComponent(problem);
      unreported.splice(unreported.indexOf(text), 1);
      throw new Error(`The response breaks the OpenAPI document (/docs-json): ${text}`);
    }
    return response;
  };
  const close = async (): Promise<void> => {
    await app.close();
    if (unreported.length) throw new Error(`Responses broke the OpenAPI document (/docs-json):\n${unreported.join('\n')}`);
  };
  return new Proxy(app, {
    get: (target, property) => (property === 'inject' ? inject : property === 'close' ? close : Reflect.get(target, property)),
  });
}
