/**
 * The user's chat settings, kept per browser in localStorage under one namespaced key. Every
 * `<session-chat>` of the page (and of other tabs, through the `storage` event) hears a change.
 */

/** What the settings panel offers; a host can force each one with the property of the same name. */
export interface ChatSettings {
  /** Enter sends (Shift+Enter adds a line); when false, Ctrl+Enter or ⌘+Enter sends and Enter adds a line. */
  enterToSend: boolean;
  /** Tell the others while this participant types. */
  sendTyping: boolean;
  /** A short sound for a new message while the page is hidden. */
  sound: boolean;
  /** A system notification (Notification API) for a new message while the page is hidden or not focused. */
  systemNotifications: boolean;
  /** Scroll to every new message, also after scrolling up. */
  alwaysScrollToEnd: boolean;
}

export type ChatSettingName = keyof ChatSettings;

export const DEFAULT_SETTINGS: Readonly<ChatSettings> = {
  enterToSend: true,
  sendTyping: true,
  sound: true,
  systemNotifications: false,
  alwaysScrollToEnd: false,
};

export const SETTING_NAMES = Object.keys(DEFAULT_SETTINGS) as ChatSettingName[];

export const SETTINGS_STORAGE_KEY = 'session-chat:settings';

/** Fired on `window` when this page stores a setting (other tabs hear `storage`). */
export const SETTINGS_EVENT = 'session-chat-settings';

/** The stored choices (only valid ones); empty when storage is unavailable or damaged. */
export function storedSettings(): Partial<ChatSettings> {
  const stored: Partial<ChatSettings> = {};
  try {
    const parsed = JSON.parse(localStorage.getItem(SETTINGS_STORAGE_KEY) ?? '{}') as Record<string, unknown>;
    for (const name of SETTING_NAMES) if (typeof parsed[name] === 'boolean') stored[name] = parsed[name];
  } catch {
    /* storage blocked or damaged: defaults apply */
  }
  return stored;
}

/** Calls `listener` after every stored change, here or in another tab; returns the unsubscribe. */
export function onSettingsChange(listener: () => void): () => void {
  // Other keys (drafts, reminders) change often in other tabs: only this one counts.
  const on = ({ key }: Partial<StorageEvent>): void => void ((!key || key === SETTINGS_STORAGE_KEY) && listener());
  const types = ['storage', SETTINGS_EVENT];
  for (const type of types) window.addEventListener(type, on);
  return () => types.forEach((type) => window.removeEventListener(type, on));
}

/** Reads a boolean attribute of `<session-chat>` that is on unless it says `"false"` (`show-join-leave`, `voice-notes`). */
export const notFalse = (value: string | null): boolean => value !== 'false';

/**
 * Reads a setting's attribute on `<session-chat>`: absent leaves the choice to the user,
 * `"false"` forces it off, anything else (`""`, `"true"`) forces it on.
 */
export const settingAttribute = {
  fromAttribute: (value: string | null): boolean | undefined => (value === null ? undefined : value !== 'false'),
};
