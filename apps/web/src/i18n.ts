import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
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

/** English, fetched the first time it is chosen: the Dutch texts are part of the app's first load, the English ones a file of their own. */
async function loadEnglish(): Promise<void> {
  if (i18n.hasResourceBundle('en', 'translation')) return;
  const { default: en } = await import('./locales/en.json');
  i18n.addResourceBundle('en', 'translation', en);
}

/** Dutch first: every text from the translation files; English by choice, kept per browser. */
export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { nl: { translation: nl } },
  lng: 'nl',
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

/** Switches the language, fetching the English texts first when they are not here yet. */
export async function changeLanguage(lng: (typeof LANGUAGES)[number]): Promise<void> {
  if (lng === 'en') await loadEnglish();
  await i18n.changeLanguage(lng);
}

/** Resolves when the language the user chose last time is ready (at once for Dutch). */
export const languageReady: Promise<void> = stored() === 'en' ? changeLanguage('en').catch(() => undefined) : Promise.resolve();

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
