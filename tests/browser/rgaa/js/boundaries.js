// The edge of each control (RGAA 3.3 / WCAG 1.4.11): drawn by a border (of the control, or of the
// wrapper PatternFly draws it with, or their ::before / ::after), or by a fill that differs from the
// background around it; each with its contrast. Native check boxes and radio buttons keep the
// browser's own look and are left out (a particular case of 3.3).
() => {
  const borders = (el, pseudo) => {
    const style = getComputedStyle(el, pseudo);
    if (pseudo && (style.content === 'none' || style.content === 'normal')) return [];
    return ['Top', 'Right', 'Bottom', 'Left']
      .filter(side => style[`border${side}Style`] !== 'none' && parseFloat(style[`border${side}Width`]) >= 1)
      .map(side => parseColour(style[`border${side}Color`])).filter(c => c && c.a > 0);
  };
  const found = [];
  const controls = document.querySelectorAll(
    'input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea, button, input[type=submit]');
  controls.forEach((el, index) => {
    if (el.closest('[hidden], [aria-hidden="true"]') || !el.offsetParent) return;
    // PatternFly 5 draws a field's edge on the span around it, with ::before and ::after.
    const wrapper = el.parentElement && el.parentElement.matches('.pf-v5-c-form-control') ? el.parentElement : null;
    const drawnBy = wrapper || el;
    const around = backgroundBehind(drawnBy.parentElement);
    const colours = [el, wrapper].filter(Boolean).flatMap(e => [...borders(e, null), ...borders(e, '::before'), ...borders(e, '::after')]);
    const fill = parseColour(getComputedStyle(el).backgroundColor);
    found.push({
      key: `${index}:${describe(el)}`, element: describe(el),
      text_field: !el.matches('button, input[type=submit], input[type=button]'),
      border: colours.length > 0,
      border_ratio: Math.max(0, ...colours.map(c => contrast(c, around))),
      fill_ratio: fill && fill.a > 0.5 ? contrast(fill, around) : 0,
    });
  });
  return found;
}
