/**
 * The browser bundle's entry (`dist/browser/session-chat.js`, for pages that load the widget
 * with a plain `<script type="module">`): registers `<session-chat>` and exports only what such
 * a page calls. Bundler users import `session-chat` (all public types, tree-shaken by their
 * bundler); this entry keeps the unbundled first load to what the widget needs to show and send.
 */
import './components/session-chat/session-chat.js';

export { SessionChat } from './components/session-chat/session-chat.component.js';
export { loadLanguage, registerTranslation } from './components/shared/localize/index.js';
