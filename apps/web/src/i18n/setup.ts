import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../api/types';
import en from './en.json';
import fa from './fa.json';

export const LOCALES: readonly Locale[] = ['fa', 'en'];
const STORAGE_KEY = 'peyvand.locale';

export function isLocale(value: unknown): value is Locale {
  return value === 'fa' || value === 'en';
}

export function directionOf(locale: string): 'rtl' | 'ltr' {
  return locale === 'fa' ? 'rtl' : 'ltr';
}

function storedLocale(): Locale {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : 'fa';
  } catch {
    return 'fa';
  }
}

/** Keeps <html lang dir>, the title and the remembered choice in step with the language. */
function applyToDocument(locale: string) {
  const root = document.documentElement;
  root.lang = locale;
  root.dir = directionOf(locale);
  document.title = i18n.t('app.name');
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode or storage disabled: the choice just isn't remembered.
  }
}

export function setupI18n() {
  i18n.on('languageChanged', applyToDocument);
  void i18n.use(initReactI18next).init({
    resources: { fa: { translation: fa }, en: { translation: en } },
    lng: storedLocale(),
    supportedLngs: LOCALES,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    react: { useSuspense: false },
  });
  applyToDocument(i18n.language);
  return i18n;
}

export default i18n;
