import { SessionChatLauncher } from './session-chat-launcher.component.js';

export { SessionChatLauncher };
export default SessionChatLauncher;

if (!customElements.get('session-chat-launcher')) customElements.define('session-chat-launcher', SessionChatLauncher);

declare global {
  interface HTMLElementTagNameMap {
    'session-chat-launcher': SessionChatLauncher;
  }
  interface GlobalEventHandlersEventMap {
    'launcher-upgrade': import('./session-chat-launcher.component.js').LauncherUpgradeEvent;
  }
}
