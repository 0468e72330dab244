import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ROLES_BY_ORGANISATION_TYPE } from '../../../../libs/domain/src/organisation';
import { api, ProblemError, unwrap, type Schemas } from '../api/client';
import { useUser } from '../components/use-user';
import { DataTable } from '../components/data-table';
import { ErrorSummary } from '../components/error-summary';
import { FormField, SelectField } from '../components/form-field';
import { CommandOutcome, PageTitle, QueryState } from '../components/problem';
import { useCommand } from '../components/use-command';
import { NotFoundPage } from './not-found';
import { Button } from '@utrecht/button-react';
import { FormLabel } from '@utrecht/form-label-react';
import { FormFieldErrorMessage } from '@utrecht/form-field-error-message-react';

/** The organisation types a municipality registers in its area (CreateOrganisationDto). */
const REGISTRABLE = ['CARE_PROVIDER', 'SCHOOL', 'EMPLOYER'] as const;
type Errors = Record<string, string>;

/** The API's field errors of a refused request, by field name. */
function fieldErrors(error: ProblemError | undefined): Errors {
  return error?.status === 400 ? error.fieldErrors() : {};
}

/** The organisations of the municipality's area; its admin registers new ones and manages their users. */
export function OrganisationsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const list = useQuery({ queryKey: ['organisations', 'page'], queryFn: () => unwrap(api.GET('/organisations', { params: { query: { limit: 200 } } })) });
  const admin = user?.roles.includes('admin') ?? false;
  return (
    <>
      <PageTitle>{t('organisations.title')}</PageTitle>
      <QueryState query={list} />
      {list.data ? (
        <DataTable
          label={t('organisations.title')}
          headers={[t('organisations.name'), t('organisations.type'), t('organisations.state'), ...(admin ? [t('organisations.users')] : [])]}
          rows={list.data.items.map((o) => ({
            key: o.id,
            cells: [
              o.name,
              t(`organisationType.${o.type}`),
              o.active ? t('organisations.active') : t('organisations.inactive'),
              ...(admin
                ? [
                    <Link key="link" className="utrecht-link" to={`/organisaties/${o.id}`} aria-label={t('organisations.usersOf', { name: o.name })}>
                      {t('organisations.users')}
                    </Link>,
                  ]
                : []),
            ],
          }))}
        />
      ) : null}
      {admin && user?.organisationType === 'MUNICIPALITY' ? <FourEyesSetting municipalityId={user.organisationId} /> : null}
      {admin ? <NewOrganisation /> : null}
    </>
  );
}

/** The municipality's admin sets whether the decision on a match needs a second coordinator (four eyes). */
function FourEyesSetting({ municipalityId }: { municipalityId: string }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const own = useQuery({ queryKey: ['organisations', municipalityId], queryFn: () => unwrap(api.GET('/organisations/{id}', { params: { path: { id: municipalityId } } })) });
  const change = useCommand((body: Schemas['UpdateOrganisationDto'], key: string) =>
    unwrap(api.PATCH('/organisations/{id}', { body, params: { path: { id: municipalityId }, header: { 'Idempotency-Key': key } } })).finally(() =>
      queries.invalidateQueries({ queryKey: ['organisations', municipalityId] }),
    ),
  );
  if (!own.data) return null;
  const on = own.data.fourEyesFunding === true;
  return (
    <section aria-labelledby="four-eyes-title">
      <h2 id="four-eyes-title" className="utrecht-heading-2">
        {t('caseworkTasks.fourEyes')}
      </h2>
      <p className="utrecht-paragraph">{on ? t('caseworkTasks.fourEyesOn') : t('caseworkTasks.fourEyesOff')}</p>
      <Button type="button" appearance="secondary-action-button" aria-disabled={change.busy || undefined} onClick={() => void change.run({ fourEyesFunding: !on, version: own.data.version })}>
        {on ? t('caseworkTasks.fourEyesTurnOff') : t('caseworkTasks.fourEyesTurnOn')}
      </Button>
      <CommandOutcome command={change} done={t('caseworkTasks.fourEyesSaved')} />
    </section>
  );
}

function NewOrganisation() {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const summary = useRef<HTMLDivElement>(null);
  const [name, setName] = useState('');
  const [type, setType] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const create = useCommand((body: Schemas['CreateOrganisationDto'], key: string) =>
    unwrap(api.POST('/organisations', { body, params: { header: { 'Idempotency-Key': key } } })).then(async (o) => {
      await queries.invalidateQueries({ queryKey: ['organisations'] });
      return o;
    }),
  );
  const shown = { ...fieldErrors(create.error), ...errors };

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const found: Errors = {};
    if (!name.trim()) found.name = t('errors.required');
    if (!type) found.type = t('errors.choice');
    setErrors(found);
    if (Object.keys(found).length) {
      summary.current?.focus();
      return;
    }
    if (await create.run({ name: name.trim(), type: type as Schemas['CreateOrganisationDto']['type'] })) {
      setName('');
      setType('');
    }
  }

  return (
    <section aria-labelledby="new-organisation-title">
      <h2 id="new-organisation-title" className="utrecht-heading-2">
        {t('organisations.newTitle')}
      </h2>
      <form noValidate onSubmit={(e) => void submit(e)} className="task-form">
        <ErrorSummary ref={summary} items={(['name', 'type'] as const).filter((k) => shown[k]).map((k) => ({ href: `#organisation-${k}`, text: `${t(`organisations.${k}`)}: ${shown[k]}` }))} />
        <FormField id="organisation-name" label={t('organisations.name')} error={shown.name}>
          {(control) => <input {...control} name="name" className="utrecht-textbox utrecht-textbox--html-input" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />}
        </FormField>
        <SelectField
          id="organisation-type"
          name="type"
          label={t('organisations.type')}
          error={shown.type}
          value={type}
          empty={t('form.choose')}
          options={REGISTRABLE.map((k) => ({ value: k, label: t(`organisationType.${k}`) }))}
          onChange={setType}
        />
        <Button type="submit" appearance="primary-action-button" aria-disabled={create.busy || undefined}>
          {create.busy ? t('form.sending') : t('organisations.create')}
        </Button>
      </form>
      <CommandOutcome command={create} done={t('organisations.created', { name: create.result?.name })} atFields={!!Object.keys(fieldErrors(create.error)).length} />
    </section>
  );
}

/** One organisation's users: their roles and whether they can sign in; its admin (or the municipality's) adds users. */
export function OrganisationUsersPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const organisation = useQuery({ queryKey: ['organisations', id], queryFn: () => unwrap(api.GET('/organisations/{id}', { params: { path: { id } } })), retry: false });
  const users = useQuery({
    queryKey: ['organisations', id, 'users'],
    enabled: !!organisation.data,
    queryFn: () => unwrap(api.GET('/organisations/{id}/users', { params: { path: { id }, query: { limit: 200 } } })),
  });
  if (organisation.error instanceof ProblemError && [400, 404].includes(organisation.error.status)) return <NotFoundPage />;
  const o = organisation.data;
  return (
    <>
      <PageTitle>{o ? t('organisations.usersTitle', { name: o.name }) : t('organisations.users')}</PageTitle>
      <QueryState query={organisation} />
      <QueryState query={users} />
      {users.data ? (
        <DataTable
          label={t('organisations.users')}
          headers={[t('organisations.userName'), t('organisations.email'), t('organisations.roles'), t('organisations.state'), t('organisations.signIn')]}
          rows={users.data.items.map((u) => ({
            key: u.id,
            cells: [
              u.name,
              u.email ? `${u.email}${u.emailProblem ? ` (${t('organisations.emailProblem')})` : ''}` : '–',
              u.roles.map((r) => t(`role.${r}`)).join(', '),
              u.active ? t('organisations.active') : t('organisations.inactive'),
              <UserActive key="active" organisationId={id} user={u} />,
            ],
          }))}
        />
      ) : null}
      {o && users.data ? <NewUser organisation={o} /> : null}
    </>
  );
}

/**
 * Lets a user sign in again, or no longer (tokens stop working at once), based on the version last
 * read: a change by someone else in between is explained and the list reloaded.
 */
function UserActive({ organisationId, user }: { organisationId: string; user: Schemas['UserDto'] }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const change = useCommand((body: Schemas['UpdateUserDto'], key: string) =>
    unwrap(api.PATCH('/organisations/{id}/users/{userId}', { body, params: { path: { id: organisationId, userId: user.id }, header: { 'Idempotency-Key': key } } })).finally(() =>
      queries.invalidateQueries({ queryKey: ['organisations', organisationId, 'users'] }),
    ),
  );
  const action = user.active ? t('organisations.deactivate') : t('organisations.activate');
  return (
    <>
      <Button
        type="button"
        appearance="secondary-action-button"
        aria-disabled={change.busy || undefined}
        aria-label={`${action}: ${user.name}`}
        onClick={() => void change.run({ active: !user.active, version: user.version })}
      >
        {action}
      </Button>
      {change.error?.status === 409 ? (
        <div role="alert" className="utrecht-alert utrecht-alert--error problem">
          <p className="utrecht-paragraph">{t('organisations.userConflict')}</p>
        </div>
      ) : (
        <CommandOutcome command={change} done={user.active ? t('organisations.activated') : t('organisations.deactivated')} />
      )}
    </>
  );
}

function NewUser({ organisation }: { organisation: Schemas['OrganisationDto'] }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const summary = useRef<HTMLDivElement>(null);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const allowed = ROLES_BY_ORGANISATION_TYPE[organisation.type as keyof typeof ROLES_BY_ORGANISATION_TYPE] ?? [];
  const create = useCommand((body: Schemas['CreateUserDto'], key: string) =>
    unwrap(api.POST('/organisations/{id}/users', { body, params: { path: { id: organisation.id }, header: { 'Idempotency-Key': key } } })).then(async (u) => {
      await queries.invalidateQueries({ queryKey: ['organisations', organisation.id, 'users'] });
      return u;
    }),
  );
  const shown = { ...fieldErrors(create.error), ...errors };

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const found: Errors = {};
    if (!name.trim()) found.name = t('errors.required');
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) found.email = t('errors.email');
    if (!roles.length) found.roles = t('errors.atLeastOne');
    setErrors(found);
    if (Object.keys(found).length) {
      summary.current?.focus();
      return;
    }
    const body = { name: name.trim(), ...(email ? { email } : {}), roles: roles as Schemas['CreateUserDto']['roles'] };
    if (await create.run(body)) {
      setName('');
      setEmail('');
      setRoles([]);
    }
  }

  const toggle = (role: string, on: boolean) => setRoles((r) => (on ? [...r, role] : r.filter((x) => x !== role)));
  const fields = { name: t('organisations.userName'), email: t('organisations.email'), roles: t('organisations.roles') };
  return (
    <section aria-labelledby="new-user-title">
      <h2 id="new-user-title" className="utrecht-heading-2">
        {t('organisations.newUserTitle')}
      </h2>
      <form noValidate onSubmit={(e) => void submit(e)} className="task-form">
        <ErrorSummary ref={summary} items={(['name', 'email', 'roles'] as const).filter((k) => shown[k]).map((k) => ({ href: `#user-${k}`, text: `${fields[k]}: ${shown[k]}` }))} />
        <FormField id="user-name" label={fields.name} error={shown.name}>
          {(control) => <input {...control} name="name" autoComplete="off" className="utrecht-textbox utrecht-textbox--html-input" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />}
        </FormField>
        <FormField id="user-email" label={`${fields.email} (${t('form.optional')})`} error={shown.email}>
          {(control) => <input {...control} name="email" type="email" autoComplete="off" className="utrecht-textbox utrecht-textbox--html-input" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </FormField>
        <fieldset id="user-roles" tabIndex={-1} className={`utrecht-form-fieldset${shown.roles ? ' utrecht-form-field--invalid' : ''}`} aria-describedby={shown.roles ? 'user-roles-error' : undefined}>
          <legend className="utrecht-form-fieldset__legend utrecht-form-label">{fields.roles}</legend>
          {shown.roles ? (
            <FormFieldErrorMessage id="user-roles-error">
              {shown.roles}
            </FormFieldErrorMessage>
          ) : null}
          {allowed.map((role) => (
            <div key={role} className="utrecht-form-field utrecht-form-field--checkbox">
              <input type="checkbox" id={`user-role-${role}`} name="roles" value={role} className="utrecht-checkbox utrecht-checkbox--html-input" checked={roles.includes(role)} onChange={(e) => toggle(role, e.target.checked)} />
              <FormLabel htmlFor={`user-role-${role}`} type="checkbox">
                {t(`role.${role}`)}
              </FormLabel>
            </div>
          ))}
        </fieldset>
        <Button type="submit" appearance="primary-action-button" aria-disabled={create.busy || undefined}>
          {create.busy ? t('form.sending') : t('organisations.addUser')}
        </Button>
      </form>
      <CommandOutcome command={create} done={t('organisations.userAdded', { name: create.result?.name })} atFields={!!Object.keys(fieldErrors(create.error)).length} />
    </section>
  );
}
