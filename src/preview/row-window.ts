/**
 * Windowing for long lists (CSV rows, text lines): only the rows in and near the viewport are
 * in the DOM. Rows have a fixed height, or precomputed offsets (wrapped text lines, whose
 * heights follow from their length in a monospace font). No ResizeObserver on rows, no
 * measuring loop: scrolling a million rows costs one binary search per frame.
 */
export interface RowRange {
  first: number;
  /** One past the last row to render. */
  end: number;
  /** Offset of `first` from the top of the list, px. */
  top: number;
  /** Height of the whole list, px. */
  total: number;
}

export class RowWindow {
  count = 0;
  rowHeight = 20;
  /** Cumulative offsets (length count + 1) when rows differ in height; null for fixed heights. */
  offsets: Float64Array | null = null;
  overscan = 8;
  private frame = 0;
  private last = '';

  constructor(
    private readonly scroller: () => HTMLElement | null,
    /** Where the rows begin inside the scroller (below a sticky header), px. */
    private readonly listTop: () => number,
    private readonly onRangeChange: () => void,
  ) {}

  readonly onScroll = (): void => {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const before = this.last;
      if (this.key(this.range()) !== before) this.onRangeChange();
    });
  };

  /** The rows to render now (and remembers them, so scrolling within them renders nothing). */
  range(): RowRange {
    const box = this.scroller();
    const viewTop = Math.max(0, (box?.scrollTop ?? 0) - this.listTop());
    const viewHeight = box?.clientHeight || 800;
    let first: number;
    let end: number;
    if (this.offsets) {
      first = Math.max(0, this.indexAt(viewTop) - this.overscan);
      end = Math.min(this.count, this.indexAt(viewTop + viewHeight) + 1 + this.overscan);
    } else {
      first = Math.max(0, Math.floor(viewTop / this.rowHeight) - this.overscan);
      end = Math.min(this.count, Math.ceil((viewTop + viewHeight) / this.rowHeight) + this.overscan);
    }
    const range = { first, end: Math.max(first, end), top: this.offsetOf(first), total: this.offsetOf(this.count) };
    this.last = this.key(range);
    return range;
  }

  offsetOf(index: number): number {
    return this.offsets ? (this.offsets[Math.min(index, this.offsets.length - 1)] ?? 0) : index * this.rowHeight;
  }

  /** The row at `y` px from the top of the list. */
  indexAt(y: number): number {
    const offsets = this.offsets;
    if (!offsets) return Math.floor(y / this.rowHeight);
    let low = 0;
    let high = Math.max(0, Math.min(this.count, offsets.length - 1) - 1);
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (offsets[mid]! <= y) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
  }

  private key(range: RowRange): string {
    return `${range.first}:${range.end}:${range.total}`;
  }
}
