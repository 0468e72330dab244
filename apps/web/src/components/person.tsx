import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/client';
import { formatDate } from '../i18n';

type Person = Schemas['PersonDto'];

/** The young person's name as the API gives it to this party (a host: the first name only). */
export function usePersonName() {
  const { t } = useTranslation();
  return (person: Person | undefined): string => {
    const name = [person?.firstName, person?.lastName].filter(Boolean).join(' ');
    if (!name) return t('who.unnamed');
    return person?.age !== undefined ? t('who.nameAge', { name, age: person.age }) : name;
  };
}

/** Where the journey stands, in one line: who referred, when, how long it runs, where the young person is now. */
export function usePersonFacts() {
  const { t } = useTranslation();
  return (person: Person | undefined): string =>
    person
      ? [
          person.referrerName ? t('who.referredBy', { name: person.referrerName }) : undefined,
          person.referredAt ? t('who.referredOn', { date: formatDate(person.referredAt) }) : undefined,
          t('who.running', { count: person.daysRunning }),
          person.hostName ? t('who.host', { name: person.hostName }) : undefined,
        ]
          .filter(Boolean)
          .join(' · ')
      : '';
}
