import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter, Link, useLocation } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useFocusOnNavigate } from './focus-on-navigate';

function Page({ loaded = true }: { loaded?: boolean }) {
  useFocusOnNavigate();
  const { pathname } = useLocation();
  return (
    <main>
      {loaded || pathname === '/a' ? <h1 tabIndex={-1}>Page {pathname}</h1> : <p role="status">Loading</p>}
      <label>
        Name <input />
      </label>
      <Link to={pathname === '/a' ? '/b' : '/a'}>next page</Link>
    </main>
  );
}

describe('focus after navigation', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  const show = (loaded = true) =>
    render(
      <MemoryRouter initialEntries={['/a']}>
        <Page loaded={loaded} />
      </MemoryRouter>,
    );

  it('moves to the new page heading, not on the first page', () => {
    show();
    act(() => {
      vi.advanceTimersByTime(100);
    });
    expect(document.activeElement).toBe(document.body);
    fireEvent.click(screen.getByRole('link', { name: 'next page' }));
    act(() => {
      vi.advanceTimersByTime(100);
    });
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Page /b' }));
  });

  it('leaves the focus where the user already moved it on the new page', () => {
    show();
    fireEvent.click(screen.getByRole('link', { name: 'next page' }));
    // The user tabs into a field before the heading's turn (a slow device): typing must stay there.
    const field = screen.getByRole('textbox', { name: 'Name' });
    field.focus();
    act(() => {
      vi.advanceTimersByTime(100);
    });
    expect(document.activeElement).toBe(field);
  });

  /** The new page's data arrives: its heading shows. */
  async function finishLoading(view: ReturnType<typeof show>): Promise<void> {
    view.rerender(
      <MemoryRouter initialEntries={['/a']}>
        <Page loaded />
      </MemoryRouter>,
    );
    // The observer's callback runs as a microtask.
    await act(async () => {
      vi.advanceTimersByTime(100);
    });
  }

  it('moves to the heading of a page that shows it only after its data loaded', async () => {
    const view = show(false);
    fireEvent.click(screen.getByRole('link', { name: 'next page' }));
    act(() => {
      vi.advanceTimersByTime(100);
    });
    expect(document.activeElement).toBe(document.body);
    await finishLoading(view);
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Page /b' }));
  });

  it('leaves the focus where the user moved it while the page was loading', async () => {
    const view = show(false);
    fireEvent.click(screen.getByRole('link', { name: 'next page' }));
    act(() => {
      vi.advanceTimersByTime(100);
    });
    const field = screen.getByRole('textbox', { name: 'Name' });
    field.focus();
    await finishLoading(view);
    expect(document.activeElement).toBe(field);
  });
});
