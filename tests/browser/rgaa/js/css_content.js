// Information written by style sheets only (RGAA 10.2): text in ::before / ::after `content`
// disappears when styles are off. Icon fonts use private-use characters and are left out.
() => {
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    for (const pseudo of ['::before', '::after']) {
      const content = getComputedStyle(el, pseudo).content;
      if (!content || content === 'none' || content === 'normal') continue;
      const text = content.replace(/^["']|["']$/g, '').replace(/[\ue000-\uf8ff]/g, '');
      if (/[\p{L}\p{N}*]/u.test(text) && !/^(url|counter|attr)\(/.test(content)) found.push(`${describe(el)}${pseudo}: ${content.slice(0, 40)}`);
    }
  }
  return found;
}
