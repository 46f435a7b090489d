// Language of the page and of its passages (RGAA 8.3, 8.4, 8.7, 8.8). Returns the page's lang,
// invalid language codes, links to another language whose own lang does not match, and text in
// the other language (French on an English page, English on a French one) with no lang saying so:
// a heuristic on small words that exist in one language only, two different ones at least.
() => {
  const page = document.documentElement.getAttribute('lang') || '';
  const invalid = [];
  for (const el of document.querySelectorAll('[lang]')) {
    const code = el.getAttribute('lang');
    try { if (!code || Intl.getCanonicalLocales(code).length !== 1) invalid.push(code); } catch (e) { invalid.push(code); }
  }
  const switches = [...document.querySelectorAll('a[hreflang]')].map(a => ({
    text: a.textContent.trim(), hreflang: a.getAttribute('hreflang'),
    lang: (a.closest('[lang]') || document.documentElement).getAttribute('lang'),
  }));
  const WORDS = {
    fr: new Set(['le', 'la', 'les', 'des', 'du', 'une', 'vous', 'votre', 'vos', 'nous', 'est', 'sont', 'pour', 'avec',
                 'dans', 'sur', 'et', 'ou', 'au', 'aux', 'ce', 'cette', 'ces', 'pas', 'qui', 'que', 'être', 'à']),
    en: new Set(['the', 'and', 'of', 'to', 'with', 'your', 'you', 'is', 'are', 'for', 'this', 'that', 'not', 'please',
                 'was', 'were', 'have', 'has', 'be', 'by', 'from', 'an']),
  };
  const other = page.startsWith('en') ? 'fr' : 'en';
  const untagged = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    // What people typed (a family's comment, a name) is in whatever language they wrote it: RGAA 8.7 leaves it out.
    if (!el || el.closest('script, style, template, [hidden], [aria-hidden="true"], [data-user-content]')) continue;
    const lang = ((el.closest('[lang]') || document.documentElement).getAttribute('lang') || '').split('-')[0];
    if (lang === other) continue;
    const words = new Set(node.textContent.toLowerCase().split(/[^a-zà-ÿ']+/).filter(w => WORDS[other].has(w)));
    if (words.size >= 2) untagged.push(node.textContent.trim().slice(0, 60));
  }
  return {page, invalid, switches, untagged: untagged.slice(0, 5)};
}
