/**
 * The database cannot be reached (refused, timed out, shutting down, starting) or has no
 * connection to spare (53300, too many clients): retry, or answer 503.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (typeof e.code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '53300', '57P01', '57P02', '57P03', '08006', '08001', '08003', '08004'].includes(e.code)) {
      return true;
    }
    if (
      typeof e.message === 'string' &&
      /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Query read timeout|the database system is (starting up|shutting down|in recovery mode)|too many (clients|connections)/i.test(e.message)
    ) {
      return true;
    }
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return false;
}
