import { html, type ReactiveController } from 'lit';
import type { LocalizeController } from '../shared/localize/localize.js';
import {
  DEFAULT_SETTINGS,
  SETTING_NAMES,
  onSettingsChange,
  storedSettings,
  type ChatSettingName,
  type ChatSettings,
} from '../shared/settings-store.js';
import type { ChatHost } from '../shared/client-follower.js';
import { SETTINGS, icon } from '../shared/icons.js';

/** The panel is a chunk of its own, fetched when the user first opens it (or hovers its button). */
const loadPanel = () => import('./session-chat-settings/settings-panel.js');

/** The settings a host forces through the element's properties; `undefined` leaves them to the user. */
export type ForcedSettings = Partial<Record<ChatSettingName, boolean | undefined>>;

/**
 * The settings in effect: what the host forced through the element's properties, else what the
 * user chose (stored per browser), else the defaults. Owns the "Settings" button; the panel
 * comes with its chunk.
 */
export class SettingsController implements ReactiveController {
  readonly host: ChatHost;
  /** The host's properties. */
  readonly forced: () => ForcedSettings;
  private stored: Partial<ChatSettings> = {};
  private unsubscribe: (() => void) | undefined;

  constructor(host: ChatHost, forced: () => ForcedSettings) {
    this.host = host;
    this.forced = forced;
    host.addController(this);
  }

  hostConnected(): void {
    this.stored = storedSettings();
    this.unsubscribe = onSettingsChange(() => {
      this.stored = storedSettings();
      this.host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
  }

  get value(): ChatSettings {
    const forced = this.forced();
    const value = { ...DEFAULT_SETTINGS, ...this.stored };
    for (const name of SETTING_NAMES) value[name] = forced[name] ?? value[name];
    return value;
  }

  private readonly open = async (): Promise<void> => (await loadPanel()).openSettings(this);

  renderButton(l: LocalizeController) {
    const name = l.term('settings');
    return html`<button type="button" class="icon" part="settings-button" aria-label=${name} title=${name} @click=${this.open} @pointerenter=${loadPanel}>${icon(SETTINGS)}</button>`;
  }
}
