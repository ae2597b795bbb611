export { LocalizeController, registerTranslation, langOf, type Translation, type TranslationKey } from './localize.js';
export { en } from './en.js';
