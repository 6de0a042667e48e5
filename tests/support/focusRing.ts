import type { Locator } from 'playwright-core';

/** How a control's focus ring looks: its outline, and the contrast of the ring with what is around it. */
export type FocusRing = { focusVisible: boolean; outline: string; outlineWidth: number; boxShadow: string; contrastWithSurroundings: number };

/**
 * The focus ring of `control` as the browser draws it now (focus it first, by keyboard, so
 * that :focus-visible applies): the computed outline and box-shadow, and the WCAG contrast
 * ratio between the outline's colour and the background it is drawn on (the nearest opaque
 * background of the control's parents, since the ring sits outside the control).
 */
export function focusRingOf(control: Locator): Promise<FocusRing> {
  return control.evaluate((element) => {
    const channels = (colour: string) => (colour.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = (colour: string) => {
      const [r = 0, g = 0, b = 0] = channels(colour).map((c) => c / 255);
      const linear = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    };
    let background = 'rgb(255, 255, 255)';
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      const colour = getComputedStyle(parent).backgroundColor;
      const alpha = channels(colour)[3];
      if (colour !== 'transparent' && alpha !== 0) {
        background = colour;
        break;
      }
    }
    const style = getComputedStyle(element);
    const [lighter, darker] = [luminance(style.outlineColor), luminance(background)].sort((a, b) => b - a) as [number, number];
    return {
      focusVisible: element.matches(':focus-visible'),
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
      outlineWidth: parseFloat(style.outlineWidth),
      boxShadow: style.boxShadow,
      contrastWithSurroundings: (lighter + 0.05) / (darker + 0.05),
    };
  });
}

/** Whether `control` is the page's focused element. */
export function isFocused(control: Locator): Promise<boolean> {
  return control.evaluate((element) => element === document.activeElement);
}
