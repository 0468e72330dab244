import type { FastifyReply } from 'fastify';

/** The OpenAPI content of a CSV answer. */
export const CSV_CONTENT = { 'text/csv': { schema: { type: 'string' } } };

/** Sends CSV as a download; the next page (if any) is in a Link header. */
export function csvReply(reply: FastifyReply, name: string, body: { csv: string; nextCursor?: string }, nextUrl?: (cursor: string) => string): string {
  void reply.header('content-type', 'text/csv; charset=utf-8; header=present').header('content-disposition', `attachment; filename="${name}.csv"`);
  if (body.nextCursor && nextUrl) void reply.header('link', `<${nextUrl(body.nextCursor)}>; rel="next"`);
  return body.csv;
}
