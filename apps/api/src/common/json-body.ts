import type { FastifyInstance } from 'fastify';

/** Deeper than this and a body is refused before it is parsed: no contract of this API nests half as deep. */
export const MAX_JSON_DEPTH = 32;

/** How deep arrays and objects nest in JSON text (brackets inside strings do not count); stops counting past `limit`. */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      deepest = Math.max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/**
 * The API reads JSON bodies only: Fastify's own parser (it refuses `__proto__` and `constructor`
 * poisoning), behind a check of the nesting depth; form and text bodies are answered 415.
 */
export function acceptJsonBodiesOnly(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (jsonDepth(body as string, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      done(Object.assign(new Error(`The request body nests deeper than ${MAX_JSON_DEPTH} levels.`), { statusCode: 400, code: 'FST_ERR_CTP_TOO_DEEP' }), undefined);
      return;
    }
    void parse(request, body as string, done);
  });
}
