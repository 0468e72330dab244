import { type CanActivate, type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ProblemException, problemTitle } from '../problem/problem';
import type { Principal } from './principal';
import { IS_PUBLIC } from './public.decorator';
import { REQUIRED_ROLES } from './roles.decorator';
import { TokenVerifier } from './token-verifier.service';
import { UserDirectory } from './user-directory.service';

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/** Every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly users: UserDirectory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const token = typeof header === 'string' && /^Bearer [A-Za-z0-9._~+/=-]+$/.test(header) ? header.slice(7) : undefined;
    if (!token) throw unauthorized('A bearer token is required (Authorization: Bearer <token>).');
    const result = await this.verifier.verify(token);
    if (typeof result === 'string') throw unauthorized(`Not authenticated: ${result}.`);
    const admitted = await this.users.admit(result);
    if (typeof admitted === 'string') throw unauthorized(`Not authenticated: ${admitted}.`);
    request.principal = admitted;
    const required = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]);
    if (required && !required.some((role) => admitted.roles.includes(role))) {
      throw ProblemException.forbidden(`This needs one of the roles ${required.join(', ')}; your token has ${admitted.roles.join(', ') || 'none'}.`);
    }
    return true;
  }
}

function unauthorized(detail: string): ProblemException {
  return new ProblemException(
    { type: 'about:blank', title: problemTitle(HttpStatus.UNAUTHORIZED), status: HttpStatus.UNAUTHORIZED, detail },
    { 'WWW-Authenticate': 'Bearer realm="placement-engine"' },
  );
}
