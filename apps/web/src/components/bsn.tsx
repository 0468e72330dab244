import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ProblemError, unwrap } from '../api/client';
import { FormField } from './form-field';
import { CommandOutcome, Loading, ProblemMessage } from './problem';
import { fieldErrorText } from './problem-text';
import { useCommand } from './use-command';
import { Button } from '@utrecht/button-react';

/** The BSN is read and recorded for the municipality's public task, and for nothing else. */
const PURPOSE = 'MUNICIPAL_TASK' as const;

/**
 * The young person's BSN, the municipality's alone (the API refuses every other party): shown only
 * when asked, recorded or corrected with the API's eleven test; every read and every change is
 * access-logged with its purpose.
 */
export function BsnSection({ candidateId }: { candidateId: string }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [asked, setAsked] = useState(false);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();
  const bsn = useQuery({
    queryKey: ['bsn', candidateId],
    enabled: asked,
    retry: false,
    queryFn: () => unwrap(api.GET('/journeys/{candidateId}/bsn', { params: { path: { candidateId }, query: { purpose: PURPOSE } } })),
  });
  // PUT is idempotent by itself: the same BSN again records nothing new.
  const record = useCommand((input: string) =>
    unwrap(api.PUT('/journeys/{candidateId}/bsn', { params: { path: { candidateId } }, body: { bsn: input, purpose: PURPOSE } })).then(async () => {
      setValue('');
      await queries.invalidateQueries({ queryKey: ['bsn', candidateId] });
      return true;
    }),
  );
  const refused = record.error?.problem.errors?.find((e) => e.field === 'bsn');
  const shown = error ?? (refused ? fieldErrorText(t, refused) : undefined);

  function submit(event: FormEvent): void {
    event.preventDefault();
    const digits = value.replace(/[\s.]/g, '');
    if (!/^\d{9}$/.test(digits)) {
      setError(t('bsn.format'));
      document.getElementById('bsn-value')?.focus();
      return;
    }
    setError(undefined);
    void record.run(digits);
  }

  return (
    <section aria-labelledby="bsn-title">
      <h2 id="bsn-title" className="utrecht-heading-2">
        {t('bsn.title')}
      </h2>
      <p className="utrecht-paragraph">{t('bsn.intro')}</p>
      {!asked ? (
        <Button type="button" appearance="secondary-action-button" onClick={() => setAsked(true)}>
          {t('bsn.show')}
        </Button>
      ) : bsn.data ? (
        <dl className="facts">
          <dt>{t('bsn.value')}</dt>
          <dd>{bsn.data.bsn}</dd>
        </dl>
      ) : bsn.error instanceof ProblemError && bsn.error.status === 404 ? (
        <p className="utrecht-paragraph">{t('bsn.none')}</p>
      ) : bsn.error ? (
        <ProblemMessage error={bsn.error} onRetry={() => void bsn.refetch()} />
      ) : (
        <Loading />
      )}
      <form className="inline-form" noValidate onSubmit={submit}>
        <FormField id="bsn-value" label={t('bsn.field')} error={shown}>
          {(control) => (
            <input
              {...control}
              name="bsn"
              inputMode="numeric"
              autoComplete="off"
              className="utrecht-textbox utrecht-textbox--html-input"
              value={value}
              onChange={(e) => {
                setValue(e.target.value);
                setError(undefined);
              }}
            />
          )}
        </FormField>
        <Button type="submit" appearance="secondary-action-button" aria-disabled={record.busy || undefined}>
          {t('bsn.record')}
        </Button>
      </form>
      {record.error?.status === 409 ? (
        <div role="alert" className="utrecht-alert utrecht-alert--warning">
          <p className="utrecht-paragraph">{t('bsn.taken')}</p>
        </div>
      ) : (
        <CommandOutcome command={record} done={t('bsn.recorded')} atFields={!!refused} />
      )}
    </section>
  );
}
