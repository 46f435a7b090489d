// Every form field a user can fill in, with what the checks of RGAA 11.1, 11.10 and 11.13 need:
// its purpose (autocomplete attribute, and the browser's own reading of it, empty when invalid),
// whether it is required and says so in its label, and the elements that describe it.
() => [...document.querySelectorAll('input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]), select, textarea')]
  .filter(el => el.offsetParent && !el.closest('[hidden], [aria-hidden="true"]'))
  .map(el => {
    const labels = [...(el.labels || [])].map(l => l.innerText.replace(/\s+/g, ' ').trim());
    const describedBy = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    return {
      id: el.id, name: el.getAttribute('name') || '', type: el.getAttribute('type') || el.tagName.toLowerCase(),
      readonly: el.readOnly || el.disabled,
      autocomplete: el.getAttribute('autocomplete'), autocomplete_idl: el.autocomplete,
      required: el.required || el.getAttribute('aria-required') === 'true',
      invalid: el.getAttribute('aria-invalid') === 'true',
      label: labels.join(' '),
      // The required mark: in the label, or in the legend of the field's group (RGAA 11.10.2), or just
      // after the label (an aria-hidden asterisk beside it, in the same group).
      marked: labels.some(l => l.includes('*'))
        || /\*/.test(((el.closest('fieldset') && el.closest('fieldset').querySelector('legend')) || {innerText: ''}).innerText)
        || /\*/.test((el.closest('.pf-family-field, .pf-field, .field, .pf-v5-c-form__group, .form-group') || {innerText: ''}).innerText),
      described_by: describedBy.map(id => {
        const target = document.getElementById(id);
        return {id, exists: !!target, visible: !!(target && (target.offsetParent || target.getClientRects().length)),
                text: target ? target.textContent.replace(/\s+/g, ' ').trim() : ''};
      }),
    };
  })
