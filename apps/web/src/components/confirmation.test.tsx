import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ProblemError } from '../api/client';
import { CommandOutcome } from './problem';

/** A button that disappears once it sent, as a task's form does: the focus must not be lost with it. */
function Sender() {
  const [done, setDone] = useState(false);
  const command = { busy: false, done, error: undefined as ProblemError | undefined, retry: () => undefined };
  return (
    <>
      {done ? null : (
        <button type="button" onClick={() => setDone(true)}>
          Send
        </button>
      )}
      <CommandOutcome command={command} done="Sent." />
    </>
  );
}

describe('the confirmation after a send', () => {
  afterEach(cleanup);

  it('takes the focus from the button that disappeared', () => {
    render(<Sender />);
    const button = screen.getByRole('button', { name: 'Send' });
    button.focus();
    fireEvent.click(button);
    const status = screen.getByRole('status');
    expect(status.textContent).toBe('Sent.');
    expect(document.activeElement).toBe(status);
  });
});
