import type { Page } from 'playwright-core';

/**
 * What a person sees of a page's text, measured in the browser: every visible
 * text run with its font size and box, text runs that overlap, text cut by an
 * overflow, text that sticks out of its panel, and whether the page scrolls.
 * "Visible": displayed, not transparent (an element or an ancestor at opacity
 * 0), not clipped away (visually hidden for screen readers), inside the viewport.
 */
export interface TextRun {
  text: string;
  fontPx: number;
  box: { left: number; top: number; right: number; bottom: number };
  /** the element's class and test id, to say where it is */
  where: string;
}

export interface LayoutReport {
  runs: TextRun[];
  overlaps: Array<[string, string]>;
  /** elements whose own text is cut by an overflow (ellipsis, hidden) */
  cut: string[];
  /** text that sticks out of its tile, panel or agent cell */
  escaped: string[];
  scroll: { page: number; wide: number; board: number };
}

/** `wholePage`: text below the fold counts too (a phone scrolls). */
export function probeLayout(page: Page, wholePage = false): Promise<LayoutReport> {
  return page.evaluate((wholePage) => {
    const describe = (el: Element): string => {
      const testId = el.closest('[data-testid]')?.getAttribute('data-testid');
      return `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}${testId ? `[${testId}]` : ''}`;
    };
    const hidden = (el: Element): boolean => {
      for (let node: Element | null = el; node; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) return true;
        if (style.clipPath !== 'none' && style.clipPath !== '') return true;
        if (node.tagName.toLowerCase() === 'title') return true;
      }
      return false;
    };
    const runs: Array<{ text: string; fontPx: number; box: DOMRect; el: Element }> = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const el = node.parentElement;
      if (text === '' || el === null || hidden(el)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      // a Range over SVG text does not give the glyphs' boxes; the text element's own box does
      const boxes = el instanceof SVGElement ? [el.getBoundingClientRect()] : [...range.getClientRects()];
      // what an overflow clips is not seen: the box is cut to the nearest clipping ancestor
      const clip = (() => {
        for (let node: Element | null = el; node && node !== document.body; node = node.parentElement) {
          if (getComputedStyle(node).overflowX !== 'visible') return node.getBoundingClientRect();
        }
        return null;
      })();
      for (const whole of boxes) {
        const box = clip === null ? whole : new DOMRect(Math.max(whole.left, clip.left), Math.max(whole.top, clip.top), Math.min(whole.right, clip.right) - Math.max(whole.left, clip.left), Math.min(whole.bottom, clip.bottom) - Math.max(whole.top, clip.top));
        if (box.width < 1 || box.height < 1) continue;
        if (!wholePage && (box.right <= 0 || box.bottom <= 0 || box.left >= innerWidth || box.top >= innerHeight)) continue;
        runs.push({ text, fontPx: parseFloat(getComputedStyle(el).fontSize), box, el });
      }
    }
    // Content boxes of stacked lines with line-height 1 touch by a few pixels: only a real share of the smaller box counts.
    const overlaps: Array<[string, string]> = [];
    for (let i = 0; i < runs.length; i++) {
      for (let j = i + 1; j < runs.length; j++) {
        if (runs[i]!.el === runs[j]!.el) continue; // an ellipsis is a box of its own inside the same text
        const a = runs[i]!.box;
        const b = runs[j]!.box;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 2 && h > 0.3 * Math.min(a.height, b.height)) overlaps.push([`${runs[i]!.text} (${describe(runs[i]!.el)})`, `${runs[j]!.text} (${describe(runs[j]!.el)})`]);
      }
    }
    const cut: string[] = [];
    for (const el of new Set(runs.map((r) => r.el))) {
      const style = getComputedStyle(el);
      if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1) cut.push(`${el.textContent?.trim()} (${describe(el)})`);
    }
    const escaped: string[] = [];
    for (const run of runs) {
      const panel = run.el.closest('.tile, .ticket-panel, .agent, .chip, .badge');
      if (!panel) continue;
      // text clipped inside the panel cannot stick out of it (whether it is cut is `cut`'s business)
      let clipped = false;
      for (let node: Element | null = run.el; node && node !== panel; node = node.parentElement) {
        if (getComputedStyle(node).overflowX !== 'visible') clipped = true;
      }
      if (clipped) continue;
      const p = panel.getBoundingClientRect();
      if (run.box.left < p.left - 1 || run.box.right > p.right + 1) escaped.push(`${run.text} (${describe(run.el)})`);
    }
    const board = document.querySelector('.board');
    return {
      runs: runs.map((r) => ({
        text: r.text,
        fontPx: r.fontPx,
        box: { left: r.box.left, top: r.box.top, right: r.box.right, bottom: r.box.bottom },
        where: describe(r.el),
      })),
      overlaps,
      cut,
      escaped,
      scroll: {
        page: document.documentElement.scrollHeight - innerHeight,
        wide: document.documentElement.scrollWidth - innerWidth,
        board: board ? board.scrollHeight - board.clientHeight : 0,
      },
    };
  }, wholePage);
}

export interface SidewaysReach {
  /** how far the document scrolls sideways (scrollWidth - clientWidth), 0 when it does not */
  pageWide: number;
  /** how many elements `selector` found */
  found: number;
  /** those not wholly within the viewport's width (off screen, or in a box scrolled away), with their box */
  outside: string[];
}

/** Whether a phone reaches the elements of `selector` (a page's buttons) without scrolling sideways; read in one go. */
export function sidewaysReach(page: Page, selector: string): Promise<SidewaysReach> {
  return page.evaluate((selector) => {
    const root = document.documentElement;
    const elements = [...document.querySelectorAll(selector)];
    const outside = elements.flatMap((el) => {
      const box = el.getBoundingClientRect();
      return box.left >= 0 && box.right <= root.clientWidth ? [] : [`${el.textContent ?? ''} at ${Math.round(box.left)}..${Math.round(box.right)} px`];
    });
    return { pageWide: root.scrollWidth - root.clientWidth, found: elements.length, outside };
  }, selector);
}
