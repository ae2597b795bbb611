export { LocalizeController, registerTranslation, langOf, type Translation, type TranslationKey } from './localize.js';
export { loadLanguage } from './languages.js';
export { en } from './en.js';
