import { Picker } from 'emoji-picker-element';
import { LitElement, css, html } from 'lit';
import { property, query } from 'lit/decorators.js';
import { dialogStyles } from '../../shared/dialog.styles.js';
import { LocalizeController } from '../../shared/localize/localize.js';
import { themeStyles } from '../../shared/theme.styles.js';
// The strings this lazy part shows.
import '../../shared/localize/en-more.js';
import { CLOSE, icon } from '../../shared/icons.js';

type PickerStrings = NonNullable<ConstructorParameters<typeof Picker>[0]>['i18n'];

/** The picker's own labels (categories, search, skin tones) in the shipped languages; English is built in. */
function pickerStrings(lang: string): Promise<PickerStrings | undefined> {
  if (lang === 'de') return import('emoji-picker-element/i18n/de.js').then((m) => m.default);
  if (lang === 'ar') return import('emoji-picker-element/i18n/ar.js').then((m) => m.default);
  return Promise.resolve(undefined);
}

/**
 * @summary The full emoji picker (emoji-picker-element) in a modal dialog. Its module, the
 * picker and its database code are one lazy chunk, loaded when a user first asks for "More
 * emoji…"; the emoji data comes from `data-source` (never the picker's CDN default).
 *
 * @csspart dialog - The dialog.
 */
export class SessionChatEmojiDialog extends LitElement {
  static override styles = [
    themeStyles,
    dialogStyles,
    css`
      dialog {
        max-width: none;
        padding: 0.25rem;
      }
      emoji-picker {
        --background: var(--_bg);
        --border-color: var(--_border);
        width: min(22rem, calc(100vw - 2.5rem));
        height: min(26rem, calc(100vh - 6rem));
      }
    `,
  ];

  private readonly localize = new LocalizeController(this);

  @query('dialog') private dialog!: HTMLDialogElement;
  private picker: Picker | null = null;
  private settle: ((emoji: string | null) => void) | undefined;

  /** URL of the emoji data (emoji-picker-element-data's `en/emojibase/data.json`). */
  @property({ attribute: 'data-source' }) dataSource = '';

  /** Opens the picker; resolves with the chosen emoji, or null when closed without one. */
  async pick(): Promise<string | null> {
    await this.updateComplete;
    this.settle?.(null);
    const lang = this.localize.lang.toLowerCase().split('-')[0]!;
    // The data's language names the picker's database: German data for German, else English.
    const locale = lang === 'de' ? 'de' : 'en';
    const i18n = await pickerStrings(lang);
    let picker = this.picker;
    if (!picker || picker.locale !== locale) {
      picker?.remove();
      picker = this.picker = new Picker({ dataSource: this.dataSource, locale, ...(i18n ? { i18n } : {}) });
      picker.addEventListener('emoji-click', (event) => this.finish(event.detail.unicode ?? null));
      this.dialog.append(picker);
    } else {
      if (picker.dataSource !== this.dataSource) picker.dataSource = this.dataSource;
      if (i18n && picker.i18n !== i18n) picker.i18n = i18n;
    }
    this.dialog.showModal();
    picker.shadowRoot?.querySelector<HTMLElement>('input')?.focus();
    return new Promise((resolve) => (this.settle = resolve));
  }

  private finish(emoji: string | null): void {
    const settle = this.settle;
    this.settle = undefined;
    if (this.dialog.open) this.dialog.close();
    settle?.(emoji);
  }

  override render() {
    const l = this.localize;
    return html`<dialog part="dialog" aria-label=${l.term('chooseEmoji')} @close=${() => this.finish(null)}>
      <form method="dialog"><button aria-label=${l.term('close')} title=${l.term('close')}>${icon(CLOSE)}</button></form>
    </dialog>`;
  }
}
