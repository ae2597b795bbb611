/**
 * The launcher's entry (`dist/browser/session-chat-launcher.js`, `session-chat/launcher`):
 * registers `<session-chat-launcher>`, which shows the conversation and the composer from the
 * headless client and loads the full widget (`session-chat/bundle`) on the first interaction.
 */
import './components/launcher/session-chat-launcher.js';

export { SessionChatLauncher, LauncherUpgradeEvent } from './components/launcher/session-chat-launcher.component.js';
