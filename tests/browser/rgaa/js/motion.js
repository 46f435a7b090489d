// What moves on the page (RGAA 13.8; the project's rule: nothing moves when the user asks for
// reduced motion). Each entry names the element and the kind of motion: a CSS animation, a
// transition, smooth scrolling, or an animation that is running right now.
() => {
  const seconds = list => Math.max(0, ...list.split(',').map(v => parseFloat(v) * (v.trim().endsWith('ms') ? 0.001 : 1)));
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    // Only what is drawn: a spinner in a hidden part moves nothing on screen.
    if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
    for (const pseudo of [null, '::before', '::after']) {
      const s = getComputedStyle(el, pseudo);
      const where = describe(el) + (pseudo || '');
      if (s.animationName !== 'none' && seconds(s.animationDuration) > 0.01) {
        found.push({kind: 'animation', where, name: s.animationName, infinite: s.animationIterationCount.includes('infinite')});
      }
      if (s.transitionProperty !== 'none' && seconds(s.transitionDuration) > 0.01) {
        found.push({kind: 'transition', where, name: s.transitionProperty, infinite: false});
      }
      if (!pseudo && s.scrollBehavior === 'smooth') found.push({kind: 'smooth scrolling', where, name: '', infinite: false});
    }
  }
  for (const animation of document.getAnimations()) {
    const target = animation.effect && animation.effect.target;
    if (animation.playState === 'running' && (!target || target.getClientRects().length)) {
      found.push({kind: 'running animation', where: describe(animation.effect && animation.effect.target || document.body),
                  name: animation.animationName || animation.id || '', infinite: true});
    }
  }
  return found;
}
