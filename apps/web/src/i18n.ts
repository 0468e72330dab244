import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import nl from './locales/nl.json';

export const LANGUAGES = ['nl', 'en'] as const;
const KEY = 'placement.language';

function stored(): string {
  try {
    return localStorage.getItem(KEY) ?? 'nl';
  } catch {
    return 'nl';
  }
}

/** Dutch first: every text from the translation files; English by choice, kept per browser. */
export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { nl: { translation: nl }, en: { translation: en } },
  lng: stored() === 'en' ? 'en' : 'nl',
  fallbackLng: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});
i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
  try {
    localStorage.setItem(KEY, lng);
  } catch {
    // private mode: the choice lasts this page only
  }
});

/** Dates and numbers the Dutch way (or English), with Intl. */
export function formatDate(iso: string | undefined, withTime = false): string {
  if (!iso) return '';
  const locale = i18n.language === 'en' ? 'en-GB' : 'nl-NL';
  const options: Intl.DateTimeFormatOptions = withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' };
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'Europe/Amsterdam' }).format(new Date(iso));
}

/** A number as typed, with a Dutch decimal comma or a point ("12,5", "12.5"); NaN when it is none. */
export function parseNumber(text: string): number {
  const trimmed = text.trim();
  return /^-?\d+([.,]\d+)?$/.test(trimmed) ? Number(trimmed.replace(',', '.')) : Number.NaN;
}

export function formatNumber(value: number | null | undefined, options: Intl.NumberFormatOptions = {}): string {
  if (value === null || value === undefined) return '–';
  return new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'nl-NL', options).format(value);
}
