// Content or functionality lost on the page as it is laid out now (zoom, text spacing, 320 px).
// Returns a list of short English descriptions: text clipped by a box that does not scroll,
// text or controls of different elements drawn over each other, anything past the right edge
// of the viewport (outside a scrollable region), and a page that scrolls sideways.
() => {
  const HELPERS = '[hidden], [aria-hidden="true"], .visually-hidden, .pf-sr-only, .pf-v5-screen-reader, .skip-link, .pf-skip-link';
  const viewport = document.documentElement.clientWidth;
  const problems = [];
  const label = el => (el.id ? '#' + el.id : el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''));
  const visible = el => {
    if (el.closest(HELPERS)) return false;
    const details = el.closest('details:not([open])');
    if (details && !el.closest('summary')) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none' && parseFloat(style.opacity) > 0;
  };
  const scrollsInside = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (/(auto|scroll)/.test(s.overflowX) && a.scrollWidth > a.clientWidth) return true;
    }
    return false;
  };

  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT,
    {acceptNode: n => n.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT});
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!el || !visible(el) || el.closest('script, style, template, noscript, option')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter(r => r.width > 0.5 && r.height > 0.5);
    // A text box spans the font's whole content area, taller than its glyphs: two lines set
    // tight (line-height 1, as in FranceConnect's button) have content areas that meet while
    // nothing is drawn over anything. Overlaps are judged on the em box, centred in that area.
    const em = parseFloat(getComputedStyle(el).fontSize);
    const glyphs = rects.map(r => {
      const middle = (r.top + r.bottom) / 2, half = Math.min(r.height, em) / 2;
      return {left: r.left, right: r.right, top: middle - half, bottom: middle + half};
    });
    if (rects.length) boxes.push({el, what: JSON.stringify(node.textContent.trim().slice(0, 40)), rects, glyphs});
  }
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, button')) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0.5 && r.height > 0.5) boxes.push({el, what: 'control ' + label(el), rects: [r], control: true});
  }

  for (const box of boxes) {
    // Clipped: an ancestor that hides its overflow (and does not scroll) cuts the text.
    for (let a = box.el.control ? box.el.parentElement : box.el; a && a !== document.documentElement; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      if (/(auto|scroll)/.test(s.overflowX + ' ' + s.overflowY)) break;
      const edge = a.getBoundingClientRect();
      if (box.rects.some(r => r.right > edge.right + 1 || r.bottom > edge.bottom + 1 || r.left < edge.left - 1 || r.top < edge.top - 1)) {
        problems.push(`${box.what} is clipped by ${label(a)}`);
        break;
      }
    }
    if (!box.control && getComputedStyle(box.el).textOverflow === 'ellipsis' && box.el.scrollWidth > box.el.clientWidth) {
      problems.push(`${box.what} is cut with an ellipsis`);
    }
    if (!scrollsInside(box.el) && box.rects.some(r => r.right > viewport + 1 || r.left < -1)) {
      problems.push(`${box.what} is outside the viewport (${viewport} px wide)`);
    }
  }

  // Overlap: two unrelated boxes drawn over each other.
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
      // A control's own label text is drawn inside it (buttons): related, not an overlap.
      if ((a.control && a.el.contains(b.el)) || (b.control && b.el.contains(a.el))) continue;
      const hit = (a.glyphs || a.rects).some(r => (b.glyphs || b.rects).some(q =>
        Math.min(r.right, q.right) - Math.max(r.left, q.left) > 2 && Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top) > 2));
      if (hit) problems.push(`${a.what} and ${b.what} overlap`);
    }
  }

  if (document.documentElement.scrollWidth > viewport + 1) {
    problems.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px of content in ${viewport} px)`);
  }
  return [...new Set(problems)].slice(0, 20);
}
