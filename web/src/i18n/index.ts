// UI language: Japanese by default, English on request. The choice is kept in localStorage
// and sent to the API as Accept-Language so that server messages come back in it too.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setRequestLanguage } from '../api/client';
import en from './en.json';
import ja from './ja.json';

export const languages = ['ja', 'en'] as const;
export type Language = (typeof languages)[number];

const STORAGE_KEY = 'keiyaku.language';

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

function readStoredLanguage(): Language | undefined {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isLanguage(stored) ? stored : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the person chose a language on this browser (then it wins over the profile's). */
export function hasStoredLanguage(): boolean {
  return readStoredLanguage() !== undefined;
}

function applyLanguage(language: Language): void {
  setRequestLanguage(language);
  document.documentElement.lang = language;
}

const initial = readStoredLanguage() ?? 'ja';
applyLanguage(initial);

void i18n.use(initReactI18next).init({
  resources: { ja: { translation: ja }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'ja',
  supportedLngs: [...languages],
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'ja';
}

/** Switches the UI language; `remember` stores it as this browser's choice. */
export async function changeLanguage(language: Language, remember = true): Promise<void> {
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Private mode without storage: the choice lasts for this page only.
    }
  }
  applyLanguage(language);
  await i18n.changeLanguage(language);
}

/** BCP 47 locale for Intl formatting of the current UI language. */
export function intlLocale(): string {
  return currentLanguage() === 'en' ? 'en-US' : 'ja-JP';
}

export default i18n;
