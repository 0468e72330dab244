import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../../../../libs/database/src/unavailable';
import { PROBLEM_CONTENT_TYPE, problemInstance, ProblemException, problemTitle, ProblemType, withCode, type ProblemDetails } from './problem';

/** Every error leaves as RFC 9457 problem+json; unexpected ones are logged and never leak details. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { problem, headers } = this.toProblem(exception);
    if (problem.status >= 500 && problem.type === ProblemType.INTERNAL) {
      this.logger.error(`${request.method} ${request.url}: ${exception instanceof Error ? exception.stack : String(exception)}`);
    }
    void reply
      .status(problem.status)
      .headers(headers)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send({ ...withCode(problem), instance: problemInstance(request.url) });
  }

  private toProblem(exception: unknown): { problem: ProblemDetails; headers: Record<string, string> } {
    if (exception instanceof ProblemException) return { problem: { ...exception.problem }, headers: exception.headers };
    if (isDatabaseUnavailable(exception)) {
      const unavailable = ProblemException.unavailable('PostgreSQL');
      return { problem: { ...unavailable.problem }, headers: unavailable.headers };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      return {
        problem: {
          type: status === 404 ? ProblemType.NOT_FOUND : status === 400 ? ProblemType.VALIDATION : 'about:blank',
          title: problemTitle(status, 'Error'),
          status,
          detail: Array.isArray(message) ? message.join('; ') : String(message ?? exception.message),
        },
        headers: {},
      };
    }
    // Errors raised by Fastify itself before a handler runs (broken JSON, wrong content type, too large).
    const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
    if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      const status = fastifyError.statusCode;
      return {
        problem: {
          type: status === 400 ? ProblemType.VALIDATION : 'about:blank',
          title: problemTitle(status, 'Bad Request'),
          status,
          detail: this.describeFastifyError(fastifyError),
        },
        headers: {},
      };
    }
    return {
      problem: {
        type: ProblemType.INTERNAL,
        title: problemTitle(500),
        status: HttpStatus.INTERNAL_SERVER_ERROR,
        detail: 'An unexpected error occurred; it has been logged.',
      },
      headers: {},
    };
  }

  private describeFastifyError(error: { code?: string; message?: string }): string {
    switch (error.code) {
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return 'The request body is empty, but JSON was announced in Content-Type.';
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return 'Unsupported Content-Type; send application/json.';
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return 'The request body is too large.';
      default:
        return error.message?.startsWith('Unexpected') || error.message?.includes('JSON')
          ? `The request body is not valid JSON: ${error.message}`
          : (error.message ?? 'Bad request');
    }
  }
}
