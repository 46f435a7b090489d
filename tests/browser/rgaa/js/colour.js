// Colour helpers shared by the checks (prepended to their scripts): parse a computed colour,
// its WCAG relative luminance, the contrast ratio of two colours, and the colour actually
// painted behind an element (the first ancestor with an opaque enough background).
const parseColour = text => {
  const m = /rgba?\(([^)]+)\)/.exec(text || '');
  if (!m) return null;
  const [r, g, b, a] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
  return {r, g, b, a: a === undefined || Number.isNaN(a) ? 1 : a};
};
const luminance = c => {
  const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
};
const contrast = (a, b) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};
const backgroundBehind = el => {
  for (let a = el; a; a = a.parentElement) {
    const c = parseColour(getComputedStyle(a).backgroundColor);
    if (c && c.a > 0.5) return c;
  }
  return {r: 255, g: 255, b: 255, a: 1};
};
const describe = el => (el.id ? '#' + el.id : el.tagName.toLowerCase()
  + (el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : '')
  + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).slice(0, 2).join('.') : ''));
