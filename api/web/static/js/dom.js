// Building the page from data without innerHTML: text always enters the DOM as text nodes and
// attributes through setAttribute, so a quote containing "<script>" shows as those characters.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  add(el, ...children);
  return el;
}

// Append children: nodes as they are, anything else as text; null and false are skipped.
export function add(el, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

// Links inside the application. Names and ids are URL-encoded; hrefs never come from data.
export const speakerHref = (name) => `/speakers/${encodeURIComponent(name)}`;
export const articleHref = (id, quoteId) =>
  `/articles/${encodeURIComponent(id)}${quoteId ? `#q-${encodeURIComponent(quoteId)}` : ''}`;
export const graphHref = (params = {}) => {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v)).toString();
  return `/graph${query ? `?${query}` : ''}`;
};

// A message box: kind is "info", "empty" or "error" (errors are announced at once).
export function message(text, kind = 'info', ...extra) {
  const attrs = { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' };
  return h('div', attrs, h('p', {}, text), ...extra);
}

// "Did you mean" links for names the API suggested after a 404.
export function suggestionLinks(names) {
  if (!names.length) return null;
  return h('p', {}, 'Did you mean: ',
    names.flatMap((name, i) => [i ? ', ' : '', h('a', { href: speakerHref(name) }, name)]), '?');
}

export const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function setTitle(...parts) {
  document.title = [...parts, 'Quotes'].filter(Boolean).join(' · ');
}
