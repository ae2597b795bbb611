import type { SettingsController } from '../settings-controller.js';
import type { SettingsChangeEvent } from '../../shared/events/settings-change.js';
import { SETTINGS_EVENT, SETTINGS_STORAGE_KEY, SETTING_NAMES, storedSettings, type ChatSettingName } from '../../shared/settings-store.js';
import './session-chat-settings.js';
import type { SessionChatSettings } from './session-chat-settings.component.js';

const panels = new WeakMap<SettingsController, SessionChatSettings>();

/** Stores one choice for this browser and tells every `<session-chat>` of the page. */
export function storeSetting(name: ChatSettingName, value: boolean): void {
  try {
    localStorage.setItem(SETTINGS_STORAGE_KEY, JSON.stringify({ ...storedSettings(), [name]: value }));
  } catch {
    /* storage blocked: the choice lasts for this page only */
  }
  window.dispatchEvent(new Event(SETTINGS_EVENT));
}

/**
 * Opens the settings panel of an element (made on first use, then kept in its shadow root):
 * it shows the settings in effect, with those the host forced disabled, and stores what the
 * user changes (the `settings-change` event goes on to the host page).
 */
export function openSettings(controller: SettingsController): void {
  let panel = panels.get(controller);
  if (!panel) {
    const made = document.createElement('session-chat-settings');
    made.setAttribute('exportparts', 'dialog: settings-dialog');
    made.addEventListener('settings-change', (event: SettingsChangeEvent) => storeSetting(event.detail.name, event.detail.value));
    const sync = (): void => {
      const forced = controller.forced();
      made.settings = controller.value;
      made.locked = SETTING_NAMES.filter((name) => forced[name] !== undefined);
    };
    controller.host.addController({ hostUpdate: sync });
    sync();
    controller.host.renderRoot.append(made);
    panels.set(controller, (panel = made));
  }
  void panel.show();
}
