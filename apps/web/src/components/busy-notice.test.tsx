import { act, cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { unwrap } from '../api/client';
import { i18n } from '../i18n';
import { BUSY_AFTER_MS, BusyNotice } from './busy-notice';

describe('the busy notice', () => {
  beforeEach(async () => {
    await i18n.changeLanguage('nl');
    vi.useFakeTimers();
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('says "bezig" once a request has taken 300 ms, and goes when the answer is in', async () => {
    // An API call as openapi-fetch makes it, answered when the test says.
    type Answer = { data?: unknown; response: Response };
    let answer: (result: Answer) => void = () => undefined;
    const call = new Promise<Answer>((resolve) => (answer = resolve));
    render(
      <I18nextProvider i18n={i18n}>
        <BusyNotice />
      </I18nextProvider>,
    );
    const status = screen.getByRole('status');
    let request: Promise<unknown> = Promise.resolve();
    await act(async () => {
      request = unwrap(call);
      await vi.advanceTimersByTimeAsync(BUSY_AFTER_MS - 50);
    });
    expect(status.textContent).toBe('');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(100);
    });
    expect(status.textContent).toBe(i18n.t('interaction.busy'));
    expect(status.textContent).toMatch(/^Bezig/);
    await act(async () => {
      answer({ data: {}, response: new Response('{}', { status: 200 }) });
      await request;
    });
    expect(status.textContent).toBe('');
  });

  it('shows nothing for an answer quicker than 300 ms', async () => {
    render(
      <I18nextProvider i18n={i18n}>
        <BusyNotice />
      </I18nextProvider>,
    );
    await act(async () => {
      await unwrap(Promise.resolve({ data: {}, response: new Response('{}', { status: 200 }) }));
      await vi.advanceTimersByTimeAsync(1000);
    });
    expect(screen.getByRole('status').textContent).toBe('');
  });
});
