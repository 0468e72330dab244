import { cleanup, render, screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { i18n } from '../i18n';
import { PageTitle } from './problem';

describe('the page title', () => {
  beforeEach(async () => {
    await i18n.changeLanguage('nl');
    document.title = 'Werken ontzorgd';
  });
  afterEach(cleanup);

  const show = (title: ReactElement) => render(<I18nextProvider i18n={i18n}>{title}</I18nextProvider>);

  it('names the document after the heading, then the app', () => {
    show(<PageTitle>Dashboard</PageTitle>);
    expect(screen.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeTruthy();
    expect(document.title).toBe('Dashboard | Werken ontzorgd');
  });

  it('puts the section after a page inside it, and uses the given title instead of a heading with a name in it', () => {
    show(
      <PageTitle title="Aanmelding beoordelen" section="Taken">
        Aanmelding beoordelen: Sanne Bakker
      </PageTitle>,
    );
    expect(screen.getByRole('heading', { level: 1, name: 'Aanmelding beoordelen: Sanne Bakker' })).toBeTruthy();
    expect(document.title).toBe('Aanmelding beoordelen — Taken | Werken ontzorgd');
    expect(document.title).not.toContain('Bakker');
  });

  it('follows a change of the title, and gives the app name back when the page goes', () => {
    const { rerender, unmount } = show(<PageTitle>Taken</PageTitle>);
    expect(document.title).toBe('Taken | Werken ontzorgd');
    rerender(
      <I18nextProvider i18n={i18n}>
        <PageTitle>Meldingen</PageTitle>
      </I18nextProvider>,
    );
    expect(document.title).toBe('Meldingen | Werken ontzorgd');
    unmount();
    expect(document.title).toBe('Werken ontzorgd');
  });
});
