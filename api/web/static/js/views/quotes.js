// "/quotes?q=words": the quotes whose words contain the search (the API's /v1/quotes?q=), each
// in its sentence with who said it and a link to the full article, newest first.
import { h, message, plural, setTitle } from '../dom.js';
import { legend } from '../marks.js';
import { quoteList } from './speaker.js';

// GET form: the search lives in the URL, so results can be shared and bookmarked.
function searchForm(q) {
  return h('form', { class: 'filter', method: 'get', action: '/quotes', role: 'search' },
    h('label', { for: 'quote-q' }, 'Words in the quote'),
    h('input', { id: 'quote-q', name: 'q', type: 'search', required: true, value: q ?? '',
      maxlength: 500, placeholder: 'negotiations, de-escalation, “red lines”…' }),
    h('button', { type: 'submit' }, 'Search quotes'));
}

export async function render(main) {
  const q = new URLSearchParams(window.location.search).get('q')?.trim() || null;
  setTitle(q ? `Quotes with “${q}”` : 'Search quotes');
  const heading = h('h1', {}, q ? `Quotes with “${q}”` : 'Search the quotes');
  main.append(heading, searchForm(q));
  if (!q) {
    main.append(h('p', {}, 'Find what was said, whoever said it: the words are matched inside ',
      'the quotes (any case), and each result is shown in its sentence.'));
    return;
  }
  const { page, nodes } = await quoteList('/v1/quotes', { q }, { showSpeaker: true, words: q });
  if (!page.data.length) {
    main.append(message(`No quote contains “${q}”.`, 'empty',
      h('p', {}, 'Try fewer or other words, or another spelling.')));
    return;
  }
  main.append(h('p', { id: 'quote-count' }, `${plural(page.total, 'quote')}, newest first`),
    legend(), ...nodes);
}
