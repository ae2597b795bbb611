import type { ChatSettingName } from '../settings-store.js';

export interface SettingsChangeEventDetail {
  /** The setting the user changed in the settings panel. */
  name: ChatSettingName;
  value: boolean;
}

/** The user changed a setting in the settings panel (it is stored for this browser). */
export class SettingsChangeEvent extends CustomEvent<SettingsChangeEventDetail> {
  constructor(detail: SettingsChangeEventDetail) {
    super('settings-change', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'settings-change': SettingsChangeEvent;
  }
}
