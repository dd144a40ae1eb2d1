// "/": search results for ?q=, or the most quoted speakers.
import { getJSON, request } from '../api.js';
import { h, message, plural, setTitle, speakerHref, suggestionLinks } from '../dom.js';

const LIMIT = 50;

function speakerList(speakers) {
  return h('ul', { class: 'speakers' }, speakers.map((s) => h('li', {},
    h('a', { href: speakerHref(s.name) }, s.name),
    h('span', { class: 'hint' }, ` ${s.kind} · ${plural(s.quotes, 'quote')}`),
    s.aliases.length > 1
      ? h('span', { class: 'aliases' }, ` also ${s.aliases.filter((a) => a !== s.name).join(', ')}`)
      : null)));
}

// The API's 404 for an unknown name lists the closest names: offer them.
async function closest(q) {
  try {
    await request(`/v1/speakers/${encodeURIComponent(q)}`);
    return [];
  } catch (err) {
    return err.suggestions ?? [];
  }
}

export async function render(main) {
  const q = new URLSearchParams(window.location.search).get('q')?.trim();
  if (q) {
    setTitle(`“${q}”`);
    main.append(h('h1', {}, `Speakers matching “${q}”`));
    const page = await getJSON('/v1/speakers', { q, limit: LIMIT });
    if (!page.data.length) {
      main.append(message(`No speaker matches “${q}”.`, 'empty',
        suggestionLinks(await closest(q)),
        h('p', {}, 'Try another spelling, a surname, or part of an organization’s name.')));
      return;
    }
    main.append(h('p', {}, plural(page.total, 'speaker')), speakerList(page.data));
    return;
  }
  setTitle();
  main.append(
    h('h1', {}, 'Who said what about whom'),
    h('p', { class: 'lead' }, 'Quotes found in news articles, attributed to the people and ',
      'organizations who said them. Search for a speaker above, browse the ',
      h('a', { href: '/graph' }, 'graph'), ', or ', h('a', { href: '/add' }, 'add an article'), '.'));
  const page = await getJSON('/v1/speakers', { limit: LIMIT });
  main.append(h('h2', {}, 'Most quoted'));
  main.append(page.data.length
    ? speakerList(page.data)
    : message('No quotes are stored yet. Add an article to begin.', 'empty'));
}
