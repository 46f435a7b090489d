// The edge of each control (RGAA 3.3 / WCAG 1.4.11): does a border draw it, does its fill differ
// from the background around it, and with what contrast. Native check boxes and radio buttons
// keep the browser's own look and are left out (a particular case of 3.3).
() => {
  const found = [];
  const controls = document.querySelectorAll(
    'input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea, button, input[type=submit]');
  controls.forEach((el, index) => {
    if (el.closest('[hidden], [aria-hidden="true"]') || !el.offsetParent) return;
    const style = getComputedStyle(el);
    const around = backgroundBehind(el.parentElement);
    const border = ['Top', 'Right', 'Bottom', 'Left'].some(side =>
      style[`border${side}Style`] !== 'none' && parseFloat(style[`border${side}Width`]) >= 1
      && (parseColour(style[`border${side}Color`]) || {a: 0}).a > 0);
    const borderColour = parseColour(style.borderBottomColor);
    const fill = parseColour(style.backgroundColor);
    found.push({
      key: `${index}:${describe(el)}`, element: describe(el),
      text_field: !el.matches('button, input[type=submit], input[type=button]'),
      border, border_ratio: border && borderColour ? contrast(borderColour, around) : 0,
      fill_ratio: fill && fill.a > 0.5 ? contrast(fill, around) : 0,
    });
  });
  return found;
}
