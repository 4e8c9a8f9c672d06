// Types the translation keys against the Japanese messages, the default language.
import 'i18next';
import type ja from './ja.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof ja };
  }
}
