// "/speakers/{name}": who they are, their quotes newest first (optionally only those about
// someone), and what others said about them. {name} may be any alias or spelling.
import { ApiError, getJSON, seg } from '../api.js';
import {
  add, graphHref, h, message, plural, setTitle, speakerHref, suggestionLinks,
} from '../dom.js';
import { legend, quoteItem } from '../marks.js';

const PAGE = 20;

// A list of quotes with a "More" button that fetches the next page from the same endpoint.
async function quoteList(path, params, options) {
  const list = h('ol', { class: 'quotes' });
  const more = h('button', { type: 'button', class: 'more', hidden: true }, 'Show more quotes');
  let offset = 0;
  const load = async () => {
    const page = await getJSON(path, { ...params, limit: PAGE, offset });
    add(list, page.data.map((q) => quoteItem(q, options)));
    offset = page.next_offset;
    more.hidden = offset === null;
    return page;
  };
  more.addEventListener('click', async () => {
    more.disabled = true;
    const first = list.children.length;
    try {
      await load();
      list.children[first]?.querySelector('a')?.focus(); // keyboard users land on the new ones
    } catch (err) {
      more.after(message(err.message, 'error'));
    } finally {
      more.disabled = false;
    }
  });
  const page = await load();
  return { page, nodes: [list, more] };
}

function details(s) {
  const row = (term, value) => h('div', {}, h('dt', {}, term), h('dd', {}, value));
  return h('dl', { class: 'facts' },
    row('Also written', s.aliases.filter((a) => a !== s.name).join(', ') || '—'),
    row('Roles', s.roles.join('; ') || '—'),
    row('Quotes', plural(s.quotes, 'quote')),
    row('Quoted about', plural(s.quoted_about, 'quote')));
}

// GET form: the filter lives in the URL, so a filtered page can be shared.
function aboutFilter(s, about) {
  const options = s.top_entities.map((t) => h('option', { value: t.name }, `${t.name} (${t.quotes})`));
  return h('form', { class: 'filter', method: 'get', action: speakerHref(s.name) },
    h('label', { for: 'about' }, 'Only quotes about'),
    h('input', { id: 'about', name: 'about', list: 'about-options', value: about ?? '',
      placeholder: s.top_entities[0]?.name ?? 'any name' }),
    h('datalist', { id: 'about-options' }, options),
    h('button', { type: 'submit' }, 'Filter'),
    about ? h('a', { href: speakerHref(s.name) }, 'Show all') : null);
}

export async function render(main, name) {
  const about = new URLSearchParams(window.location.search).get('about')?.trim() || null;
  let s;
  try {
    s = await getJSON(`/v1/speakers/${seg(name)}`);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) throw err;
    setTitle('Not found');
    main.append(h('h1', {}, name),
      message(`No speaker is known as “${name}”.`, 'empty', suggestionLinks(err.suggestions)));
    return;
  }
  setTitle(s.name);
  main.append(
    h('h1', {}, s.name, h('span', { class: `kind ${s.kind}` }, s.kind)),
    details(s),
    h('p', {}, h('a', { href: graphHref({ focus: s.name }) }, `${s.name} in the graph`)));

  if (s.quotes > 0) {
    const heading = h('h2', { id: 'said' }, about ? `Quotes about ${about}` : 'Quotes, newest first');
    main.append(heading, aboutFilter(s, about), legend());
    try {
      const { page, nodes } = await quoteList(`/v1/speakers/${seg(s.name)}/quotes`, { about }, {});
      heading.textContent = about
        ? `${plural(page.total, 'quote')} about ${about}`
        : `${plural(page.total, 'quote')}, newest first`;
      main.append(...(page.data.length
        ? nodes : [message(`${s.name} said nothing about ${about} in the stored articles.`, 'empty')]));
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 404) throw err;
      main.append(message(err.message, 'empty', suggestionLinks(err.suggestions)));
    }
  }
  if (s.quoted_about > 0) {
    main.append(h('h2', { id: 'about-them' }, `What others said about ${s.name}`));
    const { nodes } = await quoteList(`/v1/entities/${seg(s.name)}/quoted-about`, {},
      { showSpeaker: true });
    main.append(...nodes);
  }
  if (!s.quotes && !s.quoted_about) main.append(message('No quotes by or about them yet.', 'empty'));
}
