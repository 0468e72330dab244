import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { buildOpenApi } from '../../apps/api/src/openapi';
import { dutchDate } from '../../libs/domain/src/candidate-dates';
import { FORMATS, KEYWORD_RULES, KEYWORDS } from '../../libs/domain/src/payload/vocabulary';

type Schema = Record<string, unknown>;
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
export interface OpenApiDocument {
  info?: { version?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** A request as the API received it: its route pattern, parsed path parameters, query, headers and JSON body. */
export interface RecordedRequest {
  method: string;
  /** Fastify's pattern, e.g. /journeys/:candidateId; or the document's, /journeys/{candidateId}. */
  route: string;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body: unknown;
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
  /** Requests: parameters arrive as text (coerced as the document's types say); the domain's two `x-` keywords hold. */
  private readonly requests = new Ajv({ strict: false, allErrors: true, coerceTypes: 'array' });
  private readonly requestValidators = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    addFormats(this.requests);
    withDomainKeywords(this.requests);
    for (const ajv of [this.ajv, this.requests]) ajv.addFormat('reference', FORMATS.reference);
    const schemas = Object.fromEntries(Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => [name, closed(schema)]));
    this.ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas } });
    this.requests.addSchema({ $id: DOCUMENT_ID, components: { schemas } });
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

  /**
   * Why the document refuses a request (its path parameters, query, headers or JSON body), or
   * undefined when it accepts it or does not document the route. A client that validates its
   * requests against the document sends it only when this is undefined.
   */
  requestViolation(request: RecordedRequest): string | undefined {
    const path = request.route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const method = request.method.toLowerCase();
    const operation = this.document.paths[path]?.[method];
    if (!operation) return undefined;
    const where = `${request.method} ${path}`;
    const problems: string[] = [];
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
    for (const place of ['path', 'query', 'header'] as const) {
      const values = place === 'path' ? request.params : place === 'query' ? request.query : headers;
      const validate = this.parametersValidator(path, method, place);
      // Parameters are coerced in a copy: the request as recorded stays as it was.
      const copy = { ...values };
      if (!validate(copy)) problems.push(...errorsOf(validate, place));
    }
    const body = operation.requestBody;
    const schema = body?.content?.['application/json']?.schema;
    if (request.body === undefined || request.body === null) {
      if (body?.required) problems.push('body is required');
    } else if (!schema) {
      // An empty object carries nothing: the server ignores it on an operation without a body, as a client may send it.
      if (!isEmptyObject(request.body)) problems.push('the document names no JSON body for this operation');
    } else {
      const validate = this.bodyValidator(path, method, schema);
      if (!validate(request.body)) problems.push(...errorsOf(validate, 'body'));
    }
    return problems.length ? `${where}: the request does not match the document: ${[...new Set(problems)].slice(0, 8).join('; ')}` : undefined;
  }

  private parametersValidator(path: string, method: string, place: 'path' | 'query' | 'header'): ValidateFunction {
    const id = `${method} ${path} ${place}`;
    if (!this.requestValidators.has(id)) {
      const parameters = (this.document.paths[path][method].parameters ?? []).filter((p) => p.in === place);
      const name = (p: Parameter): string => (place === 'header' ? p.name.toLowerCase() : p.name);
      // Other query parameters and headers are no part of the operation (OpenAPI leaves them open).
      const schema = {
        type: 'object',
        properties: Object.fromEntries(parameters.map((p) => [name(p), rebase(closed(p.schema ?? {}))])),
        required: parameters.filter((p) => p.required).map(name),
      };
      this.requestValidators.set(id, this.requests.compile(schema));
    }
    return this.requestValidators.get(id)!;
  }

  private bodyValidator(path: string, method: string, schema: Schema): ValidateFunction {
    const id = `${method} ${path} body`;
    if (!this.requestValidators.has(id)) this.requestValidators.set(id, this.requests.compile(rebase(closed(schema))));
    return this.requestValidators.get(id)!;
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

function errorsOf(validate: ValidateFunction, part: string): string[] {
  return (validate.errors ?? []).map((e) => `${part}${e.instancePath} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
}

/**
 * The document's two extensions of JSON Schema and its one format beyond the standard ones (`reference`), the domain's own (libs/domain/src/payload/vocabulary.ts,
 * stated in words in each field's description): a date not after today in the Netherlands, and a
 * list that never holds a sibling field's value.
 */
function withDomainKeywords(ajv: Ajv): void {
  ajv.addKeyword({
    keyword: KEYWORDS.notAfterToday,
    type: 'string',
    schemaType: 'boolean',
    validate: (on: boolean, date: string) => !on || KEYWORD_RULES.notAfterToday(date, { today: dutchDate() }),
  });
  ajv.addKeyword({
    keyword: KEYWORDS.alternativesTo,
    type: 'array',
    schemaType: 'string',
    validate: (field: string, list: unknown[], _schema?: unknown, data?: { parentData?: unknown }) =>
      KEYWORD_RULES.alternativesTo(list, (data?.parentData as Record<string, unknown> | undefined)?.[field]),
  });
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
    const route = request.routeOptions.url;
    const problem =
      contract.violation(request.method, route, reply.statusCode, typeof contentType === 'string' ? contentType : undefined, body) ??
      // A request the API accepted must be one the document accepts: else a client that checks its requests against the document could not send it.
      (reply.statusCode < 400 && route && !route.startsWith('/docs')
        ? contract.requestViolation({ method: request.method, route, params: { ...(request.params as object) }, query: { ...(request.query as object) }, headers: request.headers, body: request.body })
        : undefined);
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
      throw new Error(`The exchange breaks the OpenAPI document (/docs-json): ${text}`);
    }
    return response;
  };
  const close = async (): Promise<void> => {
    await app.close();
    if (unreported.length) throw new Error(`Requests or responses broke the OpenAPI document (/docs-json):\n${unreported.join('\n')}`);
  };
  return new Proxy(app, {
    get: (target, property) => (property === 'inject' ? inject : property === 'close' ? close : Reflect.get(target, property)),
  });
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}
