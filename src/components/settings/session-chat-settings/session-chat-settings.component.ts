import { LitElement, css, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { dialogStyles } from '../../shared/dialog.styles.js';
import { SettingsChangeEvent } from '../../shared/events/settings-change.js';
import { LocalizeController } from '../../shared/localize/localize.js';
import type { TranslationKey } from '../../shared/localize/en.js';
import { DEFAULT_SETTINGS, SETTING_NAMES, type ChatSettingName, type ChatSettings } from '../../shared/settings-store.js';
import { themeStyles } from '../../shared/theme.styles.js';
// The strings this lazy part shows.
import '../../shared/localize/en-more.js';

/**
 * @summary The settings panel: a modal dialog of switches (Enter sends, typing signal, sound,
 * system notifications, always scroll to the newest message). Each change is reported at once;
 * turning system notifications on asks the browser's permission first. Switches the host forced
 * through `<session-chat>`'s properties are shown but disabled. Loaded on first use.
 *
 * @event settings-change - The user changed a setting. `detail: { name, value }`.
 *
 * @csspart dialog - The dialog.
 */
export class SessionChatSettings extends LitElement {
  static override styles = [
    themeStyles,
    dialogStyles,
    css`
      h2 {
        margin: 0 0 0.75rem;
        font-size: 1.125em;
      }
      fieldset {
        display: flex;
        flex-direction: column;
        gap: 0.625rem;
        margin: 0 0 1rem;
        padding: 0;
        border: 0;
      }
      label {
        display: flex;
        align-items: flex-start;
        gap: 0.5rem;
      }
      input {
        flex: none;
        width: 1.125rem;
        height: 1.125rem;
        margin: 0.125rem 0 0;
        accent-color: var(--_accent);
      }
      .hint {
        display: block;
        margin-inline-start: 1.625rem;
        color: var(--_muted);
        font-size: 0.8125em;
      }
      .problem {
        margin: 0 0 0.75rem;
        color: var(--_error);
      }
    `,
  ];

  private readonly localize = new LocalizeController(this);

  @query('dialog') private dialog!: HTMLDialogElement;

  /** Why system notifications stay off, once the browser said no. */
  @state() private problem: TranslationKey | null = null;

  /** The settings in effect. */
  @property({ attribute: false }) settings: ChatSettings = { ...DEFAULT_SETTINGS };

  /** Settings the host forced (shown, not changeable). */
  @property({ attribute: false }) locked: readonly ChatSettingName[] = [];

  /** Opens the panel as a modal dialog; the focus goes back where it was when it closes. */
  async show(): Promise<void> {
    await this.updateComplete;
    this.problem = null;
    if (!this.dialog.open) this.dialog.showModal();
  }

  /** Closes the panel. */
  close(): void {
    this.dialog.close();
  }

  private async onToggle(name: ChatSettingName, input: HTMLInputElement): Promise<void> {
    let value = input.checked;
    this.problem = null;
    if (name === 'systemNotifications' && value) {
      const permission = typeof Notification === 'undefined' ? 'unsupported' : await Notification.requestPermission();
      if (permission !== 'granted') {
        value = false;
        input.checked = false;
        this.problem = 'settings.notificationsOff';
      }
    }
    this.dispatchEvent(new SettingsChangeEvent({ name, value }));
  }

  override render() {
    const l = this.localize;
    return html`<dialog part="dialog" aria-labelledby="title">
      <h2 id="title">${l.term('settings')}</h2>
      <fieldset>
        ${SETTING_NAMES.map((name) => {
          const locked = this.locked.includes(name);
          const hintKey = `settings.${name}.hint`;
          const hint = [l.has(hintKey) ? l.term(hintKey) : '', locked ? l.term('settings.locked') : ''].filter(Boolean).join(' ');
          return html`<div class="setting">
            <label>
              <input
                type="checkbox"
                .checked=${this.settings[name]}
                ?disabled=${locked}
                aria-describedby=${hint ? `${name}-hint` : nothing}
                @change=${(event: Event) => this.onToggle(name, event.target as HTMLInputElement)}
              />
              ${l.term(`settings.${name}`)}
            </label>
            ${hint ? html`<span class="hint" id=${`${name}-hint`}>${hint}</span>` : nothing}
          </div>`;
        })}
      </fieldset>
      ${this.problem ? html`<p class="problem" role="alert">${l.term(this.problem)}</p>` : nothing}
      <form method="dialog">
        <button value="close">${l.term('close')}</button>
      </form>
    </dialog>`;
  }
}
