import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';
import { session } from '../session';
import { i18n } from '../i18n';
import { fieldErrorText } from '../components/problem-text';
import { inFlight } from './in-flight';

export type Schemas = components['schemas'];
export type TaskType = Schemas['TaskTypeDto'];
export type Task = Schemas['TaskDto'];
export type Problem = Schemas['ProblemDetails'];

/** A failed request, from the API's RFC 9457 problem details (or a network failure: status 0). */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem>,
    readonly retryAfterSeconds?: number,
  ) {
    super(problem.title ?? `HTTP ${status}`);
  }

  /** A 503 or a lost connection: try again with the same Idempotency-Key. */
  get retryable(): boolean {
    return this.status === 503 || this.status === 0;
  }

  /** Field errors in the user's words (from their codes) by payload field name (`payload.decision` and `decision` alike). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) out[e.field.replace(/^payload\./, '').replace(/\[\d+\]$/, '')] ??= fieldErrorText(i18n.t, e);
    return out;
  }
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = session.token();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && session.token()) session.expired();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: typeof location === 'undefined' ? 'http://localhost' : location.origin });
api.use(auth);

/** The data of an openapi-fetch result, or a ProblemError. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await inFlight.track(call);
  } catch {
    throw new ProblemError(0, { title: 'network' });
  }
  if (result.response.ok) return result.data as T;
  const retryAfter = Number(result.response.headers.get('retry-after') ?? '') || undefined;
  const problem = result.error && typeof result.error === 'object' ? (result.error as Partial<Problem>) : {};
  throw new ProblemError(result.response.status, problem, retryAfter);
}

/** Downloads an authenticated file (a link cannot carry the bearer token): a CSV unless `accept` says otherwise. */
export async function downloadCsv(path: string, filename: string, accept = 'text/csv'): Promise<void> {
  const response = await inFlight.track(fetch(path, { headers: { authorization: `Bearer ${session.token() ?? ''}`, accept } }));
  if (!response.ok) throw new ProblemError(response.status, {});
  const url = URL.createObjectURL(await inFlight.track(response.blob()));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}

