// "/speakers/{name}": who they are, their quotes newest first (optionally only those about
// someone), and what others said about them. {name} may be any alias or spelling.
import { ApiError, getJSON, seg } from '../api.js';
import {
  add, graphHref, h, message, plural, setTitle, speakerHref, suggestionLinks,
} from '../dom.js';
import { legend, quoteItem } from '../marks.js';

const PAGE = 20;

// A list of quotes with a "More" button that fetches the next page from the same endpoint.
export async function quoteList(path, params, options) {
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

// The confidence floors offered; the API takes any number from 0 to 1 (min_confidence=).
const CONFIDENCE = [['', 'any'], ['0.5', '0.5 or more'], ['0.7', '0.7 or more'],
  ['0.9', '0.9 or more']];

// GET form: the filters live in the URL, so a filtered page can be shared.
function filters(s, about, minConfidence) {
  const options = s.top_entities.map((t) => h('option', { value: t.name }, `${t.name} (${t.quotes})`));
  const floors = CONFIDENCE.some(([value]) => value === (minConfidence ?? ''))
    ? CONFIDENCE : [...CONFIDENCE, [minConfidence, `${minConfidence} or more`]];
  // Empty fields stay out of the URL (disabled fields are not submitted).
  const dropEmpty = (event) => {
    for (const field of event.target.elements) if (field.name && !field.value) field.disabled = true;
  };
  return h('form', { class: 'filter', method: 'get', action: speakerHref(s.name), onsubmit: dropEmpty },
    h('div', {},
      h('label', { for: 'about' }, 'Only quotes about'),
      h('input', { id: 'about', name: 'about', list: 'about-options', value: about ?? '',
        placeholder: s.top_entities[0]?.name ?? 'any name' })),
    h('datalist', { id: 'about-options' }, options),
    h('div', {},
      h('label', { for: 'min-confidence' }, 'Confidence'),
      h('select', { id: 'min-confidence', name: 'min_confidence' },
        floors.map(([value, label]) => h('option',
          { value, selected: value === (minConfidence ?? '') }, label)))),
    h('button', { type: 'submit' }, 'Filter'),
    about || minConfidence ? h('a', { href: speakerHref(s.name) }, 'Show all') : null);
}

// "3 quotes about Biden of confidence 0.7 or more, newest first".
function saidHeading(total, about, minConfidence) {
  return [plural(total, 'quote'), about ? ` about ${about}` : '',
    minConfidence ? ` of confidence ${minConfidence} or more` : '',
    about ? '' : ', newest first'].join('');
}

export async function render(main, name) {
  const query = new URLSearchParams(window.location.search);
  const about = query.get('about')?.trim() || null;
  // Empty (the form's "any") means no floor: the field is then left out of API requests.
  const minConfidence = query.get('min_confidence')?.trim() || null;
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
    main.append(heading, filters(s, about, minConfidence), legend());
    try {
      const { page, nodes } = await quoteList(`/v1/speakers/${seg(s.name)}/quotes`,
        { about, min_confidence: minConfidence }, {});
      heading.textContent = saidHeading(page.total, about, minConfidence);
      const none = about
        ? `${s.name} said nothing about ${about} in the stored articles`
        : `${s.name} has no quotes`;
      main.append(...(page.data.length ? nodes : [message(
        minConfidence ? `${none} of confidence ${minConfidence} or more.` : `${none}.`, 'empty')]));
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
