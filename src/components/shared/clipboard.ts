// "Copied" and "Could not copy" load with the copy.
import './localize/en-more.js';

/**
 * Copies plain text: the async Clipboard API, else a selection in a hidden textarea placed in
 * `root` (for pages without clipboard permission or a secure context). The focus comes back
 * where it was. Resolves whether it worked. Loaded on first use, not with the widget.
 */
export async function copyText(text: string, root: HTMLElement | DocumentFragment): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    let focused = document.activeElement;
    while (focused?.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement;
    const area = document.createElement('textarea');
    area.value = text;
    area.className = 'visually-hidden';
    root.appendChild(area);
    area.select();
    let copied = false;
    try {
      copied = document.execCommand('copy');
    } catch {
      /* not supported */
    }
    area.remove();
    (focused as HTMLElement | null)?.focus();
    return copied;
  }
}
