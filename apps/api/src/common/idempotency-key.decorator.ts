import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemException } from '../problem/problem';

const KEY_PATTERN = /^[\x21-\x7e]{8,200}$/;

/** The command's Idempotency-Key header: required, 8-200 visible ASCII characters. */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const value = ctx.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key'];
  if (typeof value !== 'string' || !KEY_PATTERN.test(value)) {
    throw ProblemException.validation(
      [
        {
          field: 'Idempotency-Key',
          message:
            value === undefined
              ? 'the Idempotency-Key header is required on every command (e.g. a UUID)'
              : 'Idempotency-Key must be 8 to 200 visible ASCII characters',
        },
      ],
      'The Idempotency-Key header is missing or malformed.',
    );
  }
  return value;
});

export const ApiIdempotencyKey = (): MethodDecorator =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'A unique key per command (e.g. a UUID). Sending the same request again with the same key has no further effect.',
  });

/** Sends a command's answer: its status, its Location when it made something, and whether it was a replay. */
export function answer<T>(reply: FastifyReply, result: { replayed: boolean; body: T }, status = 200, location?: string): T {
  void reply.status(status);
  if (location) void reply.header('location', location);
  if (result.replayed) void reply.header('idempotent-replayed', 'true');
  return result.body;
}
