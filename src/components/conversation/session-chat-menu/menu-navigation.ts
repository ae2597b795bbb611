/**
 * Keyboard movement inside a `role="menu"` whose items are buttons with `tabindex="-1"`:
 * arrows move (wrapping; both axes, so a horizontal row and a vertical list behave alike),
 * Home and End jump. Enter and Space are the buttons' own. Returns true when it handled the key.
 */
export function moveMenuFocus(menu: HTMLElement, event: KeyboardEvent): boolean {
  const items = [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]')];
  const count = items.length;
  if (count === 0) return false;
  const current = items.indexOf((menu.getRootNode() as ShadowRoot | Document).activeElement as HTMLElement);
  let next: number;
  switch (event.key) {
    case 'ArrowDown':
    case 'ArrowRight':
      next = (current + 1) % count;
      break;
    case 'ArrowUp':
    case 'ArrowLeft':
      next = (current - 1 + count) % count;
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = count - 1;
      break;
    default:
      return false;
  }
  event.preventDefault();
  items[next]!.focus();
  return true;
}

/**
 * Places a `position: fixed` popover next to its anchor: below it, or above when there is no
 * room below; aligned to the anchor's end edge (its start edge with `alignStart`), kept inside
 * the viewport. The popover is in the top layer, so no ancestor's overflow or containment clips it.
 */
export function placePopover(popover: HTMLElement, anchor: Element, alignStart: boolean): void {
  const a = anchor.getBoundingClientRect();
  const p = popover.getBoundingClientRect();
  const gap = 4;
  const rtl = getComputedStyle(anchor).direction === 'rtl';
  let top = a.bottom + gap;
  if (top + p.height > innerHeight - gap && a.top - gap - p.height >= gap) top = a.top - gap - p.height;
  let left = alignStart !== rtl ? a.left : a.right - p.width;
  left = Math.max(gap, Math.min(left, innerWidth - p.width - gap));
  popover.style.top = `${Math.max(gap, top)}px`;
  popover.style.left = `${left}px`;
}
