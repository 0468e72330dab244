import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemError } from '../api/client';
import { Button } from '@utrecht/button-react';
import { problemCodeText } from './problem-text';
import { Confirmation } from './confirmation';

/** An error in words a user understands, from the problem's status and code (never its English detail); a 503 offers to try again. */
export function ProblemMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const problem = error instanceof ProblemError ? error : new ProblemError(-1, {});
  const key = problem.status === 0 ? 'problem.network' : [400, 401, 403, 404, 409, 422, 503].includes(problem.status) ? `problem.status${problem.status}` : 'problem.other';
  const statusText = t(key);
  const codeText = problemCodeText(t, problem.problem.code, statusText);
  return (
    <div role="alert" className="utrecht-alert utrecht-alert--error problem">
      <p className="utrecht-paragraph">{statusText}</p>
      {codeText ? <p className="utrecht-paragraph problem__detail">{codeText}</p> : null}
      {problem.retryable && onRetry ? (
        <Button type="button" appearance="secondary-action-button" onClick={onRetry}>
          {t('problem.tryAgain')}
        </Button>
      ) : null}
    </div>
  );
}

/**
 * How a command ended: `done` in a status message after a success (focused: the control that sent
 * may be gone); the problem (with "try again"
 * for a 503) after a failure, unless the form shows the failure at its fields.
 */
export function CommandOutcome({ command, done, atFields = false }: { command: { busy: boolean; done?: boolean; error?: ProblemError; retry: () => unknown }; done: string; atFields?: boolean }) {
  if (command.busy) return null;
  if (command.error) return atFields ? null : <ProblemMessage error={command.error} onRetry={() => void command.retry()} />;
  return command.done ? (
    <Confirmation>
      <p className="utrecht-paragraph">{done}</p>
    </Confirmation>
  ) : null;
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="utrecht-paragraph" role="status">
      {t('app.loading')}
    </p>
  );
}

/** A query's loading and error states: words while it loads, the problem with "try again" when it fails. */
export function QueryState({ query }: { query: { isPending: boolean; error: unknown; refetch: () => unknown } }) {
  if (query.error) return <ProblemMessage error={query.error} onRetry={() => void query.refetch()} />;
  return query.isPending ? <Loading /> : null;
}

/**
 * The document title of a page (WCAG 2.4.2): the page's own name, the section it sits in when it
 * has one ("Aanmelding beoordelen — Taken"), then the app's name. Never a young person's name: the
 * title lands in the browser's history and tab list.
 */
function documentTitle(page: string | undefined, section: string | undefined, app: string): string {
  return [[page, section].filter(Boolean).join(' — '), app].filter(Boolean).join(' | ');
}

/**
 * The page's heading: focused after navigation (see app.tsx), so screen readers announce the new page.
 * It names the document too: `title` when the heading holds more than the page's name (a person's
 * name, markup), otherwise the heading's text; `section` when the page sits inside one.
 */
export function PageTitle({ children, title, section }: { children: ReactNode; title?: string; section?: string }) {
  const { t } = useTranslation();
  const page = title ?? (typeof children === 'string' || typeof children === 'number' ? String(children) : undefined);
  const app = t('app.title');
  const text = documentTitle(page, section, app);
  useEffect(() => {
    document.title = text;
    return () => {
      document.title = app;
    };
  }, [text, app]);
  return (
    <h1 className="utrecht-heading-1" tabIndex={-1}>
      {children}
    </h1>
  );
}
