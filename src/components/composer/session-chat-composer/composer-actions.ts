import { html, nothing } from 'lit';
import { ComposerActionEvent } from '../../shared/events/composer-action.js';

/** A host's own composer button: `label` is its accessible name; `icon`, when given, a short text (an emoji) shown instead of the label. */
export interface ComposerActionItem {
  id: string;
  label: string;
  icon?: string;
}

/**
 * The host's buttons beside "Attach files" (send an SMS link, insert a ticket number, scan a
 * document…). Pressing one fires `composer-action` with its id and the typed draft. Labels and
 * icons are text bindings: markup in them shows as text.
 */
export function renderComposerActions(composer: HTMLElement & { readonly value: string; disabled: boolean }, actions: readonly ComposerActionItem[]) {
  if (actions.length === 0) return nothing;
  const press = (id: string) => composer.dispatchEvent(new ComposerActionEvent({ action: id, draft: composer.value }));
  // A button shows its label when it has no icon (this chunk brings the rule with it).
  const style = html`<style>
    .host-action { min-width: 2.5rem; padding: 0 0.5rem; border: 0; font: inherit; font-size: 0.875em; }
  </style>`;
  return [style, ...actions.map(
    ({ id, label, icon }) =>
      html`<button type="button" class="attach host-action" part="composer-action" aria-label=${label} title=${label} ?disabled=${composer.disabled} @click=${() => press(id)}>
        ${icon ? html`<span aria-hidden="true">${icon}</span>` : label}
      </button>`,
  )];
}
