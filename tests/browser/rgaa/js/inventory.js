// What the page contains, for the criteria that apply only when it does (RGAA "non applicable").
// Each key is a kind of content; its value lists a few examples (empty: there is none).
() => {
  const shown = el => !el.closest('[hidden], [aria-hidden="true"]') && getComputedStyle(el).display !== 'none';
  const examples = selector => [...document.querySelectorAll(selector)].filter(shown)
    .slice(0, 3).map(el => el.outerHTML.slice(0, 80));
  const informativeImages = [...document.querySelectorAll('img, svg, [role=img], input[type=image], area, canvas')]
    .filter(shown)
    .filter(el => !(el.tagName === 'IMG' && el.getAttribute('alt') === '') && el.getAttribute('role') !== 'presentation'
      && el.getAttribute('role') !== 'none' && !(el.tagName.toLowerCase() === 'svg' && el.getAttribute('aria-hidden') === 'true'))
    .slice(0, 3).map(el => el.outerHTML.slice(0, 80));
  const dataTables = [...document.querySelectorAll('table')].filter(shown)
    .filter(t => !['presentation', 'none'].includes(t.getAttribute('role')));
  const complexTables = dataTables.filter(t => t.querySelectorAll('thead tr').length > 1
    || t.querySelector('th[colspan], th[rowspan], td[colspan], td[rowspan], th[headers], td[headers]'));
  const linksInText = [...document.querySelectorAll('main p a[href], main li a[href], footer p a[href]')].filter(shown)
    .filter(a => (a.parentElement.textContent.trim().length - a.textContent.trim().length) > 3);
  const documents = [...document.querySelectorAll('a[href]')].filter(shown)
    .filter(a => /\.(pdf|docx?|xlsx?|odt|ods|odp|pptx?|rtf|epub)(\?|#|$)/i.test(a.getAttribute('href')));
  const otherLanguage = [...document.querySelectorAll('body [lang]')].filter(shown)
    .filter(el => el.getAttribute('lang').split('-')[0] !== document.documentElement.lang.split('-')[0]);
  return {
    image: examples('img, svg, [role=img], input[type=image], area, canvas'),
    informative_image: informativeImages,
    figure: examples('figure, figcaption, [role=figure]'),
    frame: examples('iframe, frame'),
    media: examples('video, audio, object, embed, canvas, bgsound, marquee'),
    data_table: dataTables.slice(0, 3).map(t => t.outerHTML.slice(0, 80)),
    complex_table: complexTables.slice(0, 3).map(t => t.outerHTML.slice(0, 80)),
    layout_table: examples('table[role=presentation], table[role=none]'),
    link: examples('a[href]'),
    link_in_text: linksInText.slice(0, 3).map(a => a.outerHTML.slice(0, 80)),
    form_field: examples('input:not([type=hidden]), select, textarea'),
    field_group: examples('fieldset, [role=group], [role=radiogroup]'),
    option_list: examples('select, datalist'),
    button: examples('button, input[type=submit], input[type=button], input[type=reset]'),
    scripted_control: examples('[data-password-toggle], [data-session-warning], #pf-news-list, #errorTemplate, [aria-expanded], [aria-haspopup], dialog, [role=dialog], [role=alertdialog]'),
    script_alternative: examples('noscript'),
    status_message: examples('[role=status], [role=alert], [role=log], [aria-live]'),
    quotation: examples('blockquote, q'),
    list: examples('ul, ol, dl'),
    other_language: otherLanguage.slice(0, 3).map(el => el.outerHTML.slice(0, 80)),
    right_to_left: examples('[dir=rtl], bdo'),
    hover_content: examples('[role=tooltip], [aria-haspopup], [popover]'),
    new_window: examples('a[target]:not([target=_self]):not([target=_top]):not([target=_parent]), form[target]'),
    office_document: documents.slice(0, 3).map(a => a.outerHTML.slice(0, 80)),
    shortcut: examples('[accesskey], [aria-keyshortcuts]'),
    refresh: examples('meta[http-equiv=refresh i]'),
  };
}
