import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter, Link, useLocation } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useFocusOnNavigate } from './focus-on-navigate';

function Page() {
  useFocusOnNavigate();
  const { pathname } = useLocation();
  return (
    <main>
      <h1 tabIndex={-1}>Page {pathname}</h1>
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

  const show = () =>
    render(
      <MemoryRouter initialEntries={['/a']}>
        <Page />
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
});
