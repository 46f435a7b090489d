// The focus indicator of the element that has the focus now: null when nothing has it, otherwise
// what draws it and whether it can be seen (an outline or a shadow of at least 2 px, 3:1 against
// the background around the element, RGAA 10.7 and 3.3). In forced colours a shadow is not drawn.
() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const forced = matchMedia('(forced-colors: active)').matches;
  const around = backgroundBehind(el.parentElement || el);
  const found = {element: describe(el), key: [...document.querySelectorAll('*')].indexOf(el), visible: false, why: ''};
  const outline = parseColour(style.outlineColor);
  if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 && outline && outline.a > 0) {
    const ratio = contrast(outline, around);
    if (forced || ratio >= 3) return {...found, visible: true, why: `outline ${style.outlineWidth}`};
    found.why = `outline of contrast ${ratio.toFixed(2)}:1 only`;
  }
  if (!forced && style.boxShadow && style.boxShadow !== 'none') {
    const shadow = parseColour(style.boxShadow);
    const width = Math.max(...(style.boxShadow.match(/(-?[\d.]+)px/g) || ['0']).map(v => Math.abs(parseFloat(v))));
    if (shadow && shadow.a > 0 && width >= 2 && contrast(shadow, around) >= 3) return {...found, visible: true, why: 'shadow'};
    found.why = found.why || 'shadow too faint';
  }
  found.why = found.why || 'no outline' + (forced ? ' (forced colours draw no shadow)' : ' and no shadow');
  return found;
}
