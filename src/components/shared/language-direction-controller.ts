import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { refreshStrings } from './localize/localize.js';
import { isRightToLeft, loadLanguage } from './localize/languages.js';

/**
 * Follows the element's `lang` attribute: the whole widget re-renders in the new language
 * (a shipped one, German or Arabic, loads first), and unless the host set `dir` itself the
 * element takes the language's direction (`lang="ar"` lays it out right to left).
 */
export class LanguageDirectionController implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly observer = new MutationObserver(() => this.apply());
  /** The `dir` this controller set, to tell it from one the host set. */
  private ownDir: string | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.observer.observe(this.host, { attributes: true, attributeFilter: ['lang'] });
    this.apply();
  }

  hostDisconnected(): void {
    this.observer.disconnect();
  }

  private apply(): void {
    const lang = this.host.getAttribute('lang');
    const current = this.host.getAttribute('dir');
    if (current === null || current === this.ownDir) {
      const wanted = lang ? (isRightToLeft(lang) ? 'rtl' : null) : null;
      if (wanted) this.host.setAttribute('dir', wanted);
      else if (current !== null) this.host.removeAttribute('dir');
      this.ownDir = wanted;
    }
    if (lang) void loadLanguage(lang).then(refreshStrings);
    refreshStrings();
  }
}
