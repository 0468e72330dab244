import type { Page } from 'playwright-core';

/** The element that has the focus, as a keyboard user meets it. */
export interface Focused {
  /** tag, id and text: enough to say which control it is. */
  name: string;
  text: string;
  id: string;
  /** The focus is drawn: an outline or a ring (box-shadow). */
  ringed: boolean;
  /** The element is on screen (the browser scrolled it into view). */
  onScreen: boolean;
}

type InPage = {
  document: { activeElement: unknown; body: unknown };
  getComputedStyle(el: unknown): { outlineStyle: string; outlineWidth: string; boxShadow: string };
  innerWidth: number;
  innerHeight: number;
};
type El = { tagName: string; id: string; textContent: string | null; getAttribute(n: string): string | null; getBoundingClientRect(): { width: number; height: number; top: number; left: number; bottom: number; right: number } };

/** What has the focus now (undefined: nothing in the page, the browser's own controls have it). */
export function focused(page: Page): Promise<Focused | undefined> {
  return page.evaluate(() => {
    const w = globalThis as unknown as InPage;
    const el = w.document.activeElement as El | null;
    if (!el || el === w.document.body) return undefined;
    const style = w.getComputedStyle(el);
    const r = el.getBoundingClientRect();
    const text = (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 80);
    return {
      name: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${text}"`,
      text,
      id: el.id,
      ringed: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
      onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < w.innerHeight && r.left < w.innerWidth,
    };
  });
}

/**
 * A keyboard user on one page: Tab and Shift+Tab move the focus, every stop must show it (a ring,
 * on screen); what does not is collected in `unseen` for the test to assert empty.
 */
export class Keyboard {
  constructor(
    private readonly page: Page,
    private readonly where: string,
    readonly unseen: string[] = [],
  ) {}

  /** One Tab (or Shift+Tab); the control it lands on. */
  async step(back = false): Promise<Focused | undefined> {
    await this.page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const now = await focused(this.page);
    if (now && (!now.ringed || !now.onScreen)) this.unseen.push(`${this.where}: ${now.name}${now.ringed ? '' : ' has no visible focus'}${now.onScreen ? '' : ' is off screen'}`);
    return now;
  }

  /** Tabs (forwards or back) until the focus is on a control that `is`; fails after `max` stops, naming them. */
  async to(is: (f: Focused) => boolean, what: string, { back = false, max = 120 } = {}): Promise<Focused> {
    const seen: string[] = [];
    for (let i = 0; i < max; i++) {
      const now = await this.step(back);
      if (now && is(now)) return now;
      seen.push(now?.name ?? '(outside the page)');
    }
    throw new Error(`${this.where}: Tab never reached ${what}; it went ${seen.join(' > ')}`);
  }

  /** Tabs to the control whose text (or aria-label) starts with `text`. */
  toText(text: string | RegExp, options: { back?: boolean; max?: number } = {}): Promise<Focused> {
    const match = (f: Focused) => (typeof text === 'string' ? f.text.startsWith(text) : text.test(f.text));
    return this.to(match, String(text), options);
  }

  /** Tabs to the control with this id. */
  toId(id: string, options: { back?: boolean; max?: number } = {}): Promise<Focused> {
    return this.to((f) => f.id === id, `#${id}`, options);
  }

  /**
   * No keyboard trap: from a fresh load, Tab goes from the skip link through every control to the
   * footer's last link, Shift+Tab goes all the way back to the skip link over the same stops and
   * then out of the page (or round to the last link); from another fresh load Shift+Tab starts at
   * the last link and Tab leaves the page from there (or goes round to the skip link). Returns the stops.
   */
  async noTrap(url: string, lastLink: string): Promise<string[]> {
    const load = async () => {
      await this.page.goto(url);
      await this.page.locator('main h1').first().waitFor();
      await this.page.waitForLoadState('networkidle');
    };
    await load();
    const first = await this.step();
    if (first?.text !== 'Naar de inhoud') throw new Error(`${this.where}: the first Tab stop is ${first?.name ?? 'outside the page'}, not the skip link`);
    const forward = [first.name];
    for (;;) {
      const now = await this.step();
      if (!now) throw new Error(`${this.where}: Tab left the page before the last link, after ${forward.join(' > ')}`);
      forward.push(now.name);
      if (now.text === lastLink) break;
      if (forward.length > 300) throw new Error(`${this.where}: Tab went round without reaching "${lastLink}": ${forward.slice(-20).join(' > ')}`);
    }
    const backward = [forward[forward.length - 1]];
    while (backward.length < forward.length) {
      const now = await this.step(true);
      if (!now) break;
      backward.push(now.name);
    }
    expect(backward.reverse()).toEqual(forward);
    const before = await this.step(true);
    // Out of the page, or round to its last link (headless chromium has no toolbar to go to).
    if (before && before.text !== lastLink) throw new Error(`${this.where}: Shift+Tab from the skip link went to ${before.name}, not out of the page`);
    await load();
    const last = await this.step(true);
    if (last?.text !== lastLink) throw new Error(`${this.where}: the first Shift+Tab stop is ${last?.name ?? 'outside the page'}, not "${lastLink}"`);
    const after = await this.step();
    if (after && after.text !== 'Naar de inhoud') throw new Error(`${this.where}: Tab from "${lastLink}" went to ${after.name}, not out of the page`);
    return forward;
  }
}
