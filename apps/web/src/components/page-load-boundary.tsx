import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { Button } from '@utrecht/button-react';

/** A page's code that could not be fetched (each page is a chunk of its own, loaded when first shown). */
export function isPageLoadFailure(error: unknown): boolean {
  return error instanceof TypeError && /dynamically imported module|module script failed|Importing a module/i.test(error.message);
}

function PageLoadFailed() {
  const { t } = useTranslation();
  return (
    <div className="utrecht-alert utrecht-alert--error" role="alert">
      <p className="utrecht-paragraph">{t('problem.network')}</p>
      <Button type="button" appearance="secondary-action-button" onClick={() => location.reload()}>
        {t('problem.tryAgain')}
      </Button>
    </div>
  );
}

class Boundary extends Component<{ children: ReactNode; at: string }, { failedAt?: string; error?: unknown }> {
  state: { failedAt?: string; error?: unknown } = {};

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  componentDidCatch(): void {
    this.setState({ failedAt: this.props.at });
  }

  render() {
    const { error, failedAt } = this.state;
    if (error === undefined || (failedAt !== undefined && failedAt !== this.props.at)) return this.props.children;
    if (!isPageLoadFailure(error)) throw error;
    return <PageLoadFailed />;
  }
}

/**
 * When a page's code cannot be fetched (the line dropped), the page says so in words and offers to
 * try again, with the header and menu still there; going to another page tries that page afresh.
 */
export function PageLoadBoundary({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return <Boundary at={pathname}>{children}</Boundary>;
}
