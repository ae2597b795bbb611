import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { IncomingTransfer } from '../../../client/live-transfers/incoming-transfer.js';
import type { OutgoingTransfer } from '../../../client/live-transfers/outgoing-transfer.js';
import type { TransferProgress } from '../../../client/live-transfers/transfer-rate.js';
import type { ChatMessage } from '../../../protocol/index.js';
import { formatBytes as formatFileSize } from '../../shared/file-size.js';
import { LocalizeController } from '../../shared/localize/localize.js';
// The strings this lazy part shows.
import '../../shared/localize/en-more.js';
import { messageCardStyles } from '../../shared/message-card.styles.js';
import { themeStyles } from '../../shared/theme.styles.js';
import { LIVE_TRANSFER_REQUEST, LIVE_TRANSFERS_CHANGED, type LiveTransferLookup } from '../live-transfer-controller.js';
import { chooseSink } from '../transfer-sinks.js';
import { transferCardStyles } from './session-chat-transfer-card.styles.js';

/**
 * @summary A file sent directly ("Send directly (not stored)") in the log: its name, size, type
 * and sender; for a receiver the "Accept" and "Decline" buttons, then the progress (speed, time
 * left) with "Pause"/"Resume" and "Cancel transfer"; for the sender each receiver's state.
 * Once over, how it ended (from the log, also after a reload).
 *
 * @csspart card - The card.
 * @csspart button - Its buttons ("Accept", "Decline", "Pause", "Resume", "Cancel transfer", "Save NAME").
 * @csspart progress - The progress bar.
 */
export class SessionChatTransferCard extends LitElement {
  static override styles = [themeStyles, messageCardStyles, transferCardStyles];

  private readonly localize = new LocalizeController(this);
  @property({ attribute: false }) message!: ChatMessage;
  @property({ attribute: false }) nameOf: (id: string) => string = (id) => id;
  @state() private savedUrl: string | null = null;
  private lookup: LiveTransferLookup | null = null;
  private root: HTMLElement | null = null;
  private watched: IncomingTransfer | OutgoingTransfer | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.dispatchEvent(
      new CustomEvent(LIVE_TRANSFER_REQUEST, {
        bubbles: true,
        composed: true,
        detail: {
          respond: (lookup: LiveTransferLookup, root: HTMLElement) => {
            this.lookup = lookup;
            this.root = root;
            root.addEventListener(LIVE_TRANSFERS_CHANGED, this.refresh);
          },
        },
      }),
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.root?.removeEventListener(LIVE_TRANSFERS_CHANGED, this.refresh);
    this.watched?.removeEventListener('change', this.refresh);
    this.watched = null;
    if (this.savedUrl) URL.revokeObjectURL(this.savedUrl);
  }

  private readonly refresh = (): void => this.requestUpdate();

  private handle(): IncomingTransfer | OutgoingTransfer | null {
    const id = this.message.id;
    const found = this.lookup?.incoming(id) ?? this.lookup?.outgoing(id) ?? null;
    if (found !== this.watched) {
      this.watched?.removeEventListener('change', this.refresh);
      found?.addEventListener('change', this.refresh);
      this.watched = found;
    }
    return found;
  }

  private async accept(incoming: IncomingTransfer): Promise<void> {
    let chosen;
    try {
      chosen = await chooseSink(incoming.id, incoming.name);
    } catch {
      return; // the user closed the picker: the offer stays
    }
    try {
      await incoming.accept(chosen.sink);
      this.savedUrl = await chosen.saved();
    } catch {
      // The card shows the failed or cancelled state.
    }
  }

  private progress(p: TransferProgress) {
    const l = this.localize;
    const name = this.message.transfer!.name;
    const left = p.secondsLeft === null ? '…' : p.secondsLeft >= 60 ? `${Math.ceil(p.secondsLeft / 60)} min` : `${p.secondsLeft} s`;
    return html`<div
        class="bar"
        part="progress"
        role="progressbar"
        aria-label=${l.term('transfer.progress', { name })}
        aria-valuemin="0"
        aria-valuemax=${p.total}
        aria-valuenow=${p.bytes}
        aria-valuetext=${`${formatFileSize(p.bytes, l.lang)} / ${formatFileSize(p.total, l.lang)}`}
      ><span style=${`inline-size: ${p.total ? (100 * p.bytes) / p.total : 100}%`}></span></div>
      <span class="meta">${formatFileSize(p.bytes, l.lang)} / ${formatFileSize(p.total, l.lang)}${p.bytesPerSecond ? ` · ${l.term('transfer.speed', { speed: formatFileSize(p.bytesPerSecond, l.lang), left })}` : ''}</span>`;
  }

  private renderIncoming(incoming: IncomingTransfer) {
    const l = this.localize;
    const button = (label: string, action: () => void) => html`<button type="button" part="button" @click=${action}>${label}</button>`;
    switch (incoming.state) {
      case 'offered':
        return html`<p class="meta">${l.term('transfer.offered')}</p>
          <div class="actions">${button(l.term('transfer.accept'), () => void this.accept(incoming))} ${button(l.term('transfer.decline'), () => incoming.decline())}</div>`;
      case 'connecting':
        return html`<p class="meta" role="status">${l.term('transfer.connecting')}</p>
          <div class="actions">${button(l.term('transfer.cancel'), () => incoming.cancel())}</div>`;
      case 'receiving':
      case 'paused':
        return html`${this.progress(incoming.progress)}
          <p class="meta" role="status">${l.term(incoming.state === 'paused' ? 'transfer.paused' : 'transfer.receiving')} (${l.term(incoming.path === 'relay' ? 'transfer.relayed' : 'transfer.direct')})</p>
          <div class="actions">
            ${incoming.state === 'paused' ? button(l.term('transfer.resume'), () => incoming.resume()) : button(l.term('transfer.pause'), () => incoming.pause())}
            ${button(l.term('transfer.cancel'), () => incoming.cancel())}
          </div>`;
      default:
        return html`<p class="meta" role="status">${l.term(`transfer.${incoming.state}`)}</p>
          ${this.message.transfer!.ended ? this.renderLogged() : nothing}
          ${this.savedUrl ? html`<a part="button" class="save" href=${this.savedUrl} download=${incoming.name}>${l.term('transfer.save', { name: incoming.name })}</a>` : nothing}`;
    }
  }

  private renderOutgoing(outgoing: OutgoingTransfer) {
    const l = this.localize;
    const running = outgoing.receivers.some((r) => r.state === 'waiting' || r.state === 'connecting' || r.state === 'sending');
    const sending = outgoing.receivers.some((r) => r.state === 'sending');
    return html`${sending ? this.progress(outgoing.progress) : nothing}
      <ul class="receivers">
        ${outgoing.receivers.map((r) => html`<li>${l.term('transfer.receiver', { name: this.nameOf(r.id), state: l.term(`transfer.${r.state}`) })}</li>`)}
      </ul>
      ${running ? html`<div class="actions"><button type="button" part="button" @click=${() => outgoing.cancel()}>${l.term('transfer.cancel')}</button></div>` : nothing}`;
  }

  /** How it ended, from the log: for a page that has no live handle (another viewer, a reload). */
  private renderLogged() {
    const l = this.localize;
    const transfer = this.message.transfer!;
    const outcome = (id: string) => transfer.ended?.receivers.find((r) => r.id === id)?.outcome ?? 'unfinished';
    return html`<ul class="receivers">
      ${transfer.to.map((id) => html`<li>${l.term('transfer.receiver', { name: this.nameOf(id), state: l.term(`transfer.${outcome(id)}`) })}</li>`)}
    </ul>`;
  }

  override render() {
    const l = this.localize;
    const transfer = this.message.transfer;
    if (!transfer) return nothing;
    const handle = this.handle();
    const body = !handle ? this.renderLogged() : 'accept' in handle ? this.renderIncoming(handle) : this.renderOutgoing(handle);
    return html`<div class="card" part="card" role="group" aria-label=${l.term('transfer.card', { name: transfer.name })}>
      <div class="name" dir="auto">${transfer.name}</div>
      <div class="meta">${formatFileSize(transfer.size, l.lang)} · ${transfer.type} · ${l.term('transfer.from', { name: this.nameOf(this.message.from) })}</div>
      ${body}
    </div>`;
  }
}
