import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemException } from '../problem/problem';

const KEY_PATTERN = /^[\x21-\x7e]{8,200}$/;

/** A command as the Idempotency-Key binds it: the key, the command (method and route), its path parameters and body. */
export interface IdempotentRequest {
  key: string;
  /** e.g. "POST /journeys/{candidateId}/tasks/{taskId}/complete" */
  command: string;
  params: Record<string, string>;
  body: unknown;
}

/** The command's Idempotency-Key header (required, 8-200 visible ASCII characters) with what it is sent for. */
export const Idempotency = createParamDecorator((_: unknown, ctx: ExecutionContext): IdempotentRequest => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  const value = request.headers['idempotency-key'];
  if (typeof value !== 'string' || !KEY_PATTERN.test(value)) {
    throw ProblemException.validation(
      [
        {
          field: 'Idempotency-Key',
          message:
            value === undefined
              ? 'the Idempotency-Key header is required on every command (e.g. a UUID)'
              : 'Idempotency-Key must be 8 to 200 visible ASCII characters',
          code: value === undefined ? 'REQUIRED' : 'PATTERN',
        },
      ],
      'The Idempotency-Key header is missing or malformed.',
    );
  }
  const route = (request.routeOptions.url ?? request.url).replace(/:([A-Za-z0-9_]+)/g, '{$1}');
  return { key: value, command: `${request.method} ${route}`, params: { ...(request.params as Record<string, string>) }, body: request.body ?? {} };
});

export const ApiIdempotencyKey = (): MethodDecorator =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description:
      "A unique key per command (e.g. a UUID), in one key space per organisation. The same key with the same request answers the first result " +
      '(header Idempotent-Replayed: true) and has no further effect; with any other request (another endpoint, resource or body) it is refused with 422 ' +
      'and nothing is done. A request refused with a 4xx leaves the key unused; after a 503 send the same request with the same key again.',
  });

/** A command's answer as the idempotency service gives it: first run or replay. */
export interface Answered<T> {
  replayed: boolean;
  status: number;
  body: T;
}

/** Sends a command's answer: its status, its Location when it made something, and whether it was a replay. */
export function answer<T>(reply: FastifyReply, result: Answered<T>, location?: string): T {
  void reply.status(result.status);
  if (location) void reply.header('location', location);
  if (result.replayed) void reply.header('idempotent-replayed', 'true');
  return result.body;
}
