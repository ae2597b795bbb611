import { html, nothing, type ReactiveController } from 'lit';
import type { SettingsChangeEvent } from '../events/settings-change.js';
import type { LocalizeController } from '../localize/localize.js';
import type { SessionChatSettings } from '../session-chat-settings/session-chat-settings.component.js';
import {
  DEFAULT_SETTINGS,
  SETTING_NAMES,
  onSettingsChange,
  storeSetting,
  storedSettings,
  type ChatSettingName,
  type ChatSettings,
} from '../settings-store.js';
import type { ChatHost } from './client-follower.js';

/** The panel is a chunk of its own, fetched when the user first opens it. */
const loadPanel = () => import('../session-chat-settings/session-chat-settings.js');

/**
 * The settings in effect: what the host forced through the element's properties, else what the
 * user chose (stored per browser), else the defaults. Owns the "Settings" button and the panel.
 */
export class SettingsController implements ReactiveController {
  private readonly host: ChatHost;
  /** The host's properties: `undefined` leaves the choice to the user. */
  private readonly forced: () => Partial<Record<ChatSettingName, boolean | undefined>>;
  private stored: Partial<ChatSettings> = {};
  private unsubscribe: (() => void) | undefined;
  private panelUsed = false;

  constructor(host: ChatHost, forced: () => Partial<Record<ChatSettingName, boolean | undefined>>) {
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

  private readonly open = async (): Promise<void> => {
    await loadPanel();
    this.panelUsed = true;
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<SessionChatSettings>('session-chat-settings')?.show();
  };

  /** The panel reports; the choice is stored here and the event goes on to the host page. */
  private readonly onChange = (event: SettingsChangeEvent): void => {
    storeSetting(event.detail.name, event.detail.value);
  };

  renderButton(l: LocalizeController) {
    return html`<button type="button" class="tool" part="settings-button" aria-label=${l.term('settings')} title=${l.term('settings')} @click=${this.open} @pointerenter=${loadPanel}>
      <span aria-hidden="true">⚙</span>
    </button>`;
  }

  renderPanel() {
    if (!this.panelUsed) return nothing;
    const forced = this.forced();
    return html`<session-chat-settings
      exportparts="dialog: settings-dialog"
      .settings=${this.value}
      .locked=${SETTING_NAMES.filter((name) => forced[name] !== undefined)}
      @settings-change=${this.onChange}
    ></session-chat-settings>`;
  }
}
