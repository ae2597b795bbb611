import type { CSSResult } from 'lit';

/**
 * A previewer's own shadow root inside the dialog's container, so each previewer brings its
 * styles without leaking them into the dialog (or the host page).
 */
export function createPreviewRoot(container: HTMLElement, styles: CSSResult[]): ShadowRoot {
  const host = document.createElement('div');
  host.setAttribute('part', 'preview');
  container.replaceChildren(host);
  const root = host.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = styles.map((style) => style.styleSheet!).filter(Boolean);
  return root;
}
