// "/articles/{id}": the whole article with every quote highlighted and each speaker mention and
// cue marked, then the list of its quotes. "#q-{quote id}" points at one quote.
import { ApiError, getArticle } from '../api.js';
import { articleHref, h, message, plural, setTitle, speakerHref } from '../dom.js';
import { REPORTED, isReported, legend, markedText, quoteSpans } from '../marks.js';

// Only http(s) sources become links: a "javascript:" URL from the data must never be clickable.
function sourceNode(source) {
  if (!source) return null;
  const safe = /^https?:\/\//i.test(source);
  return h('span', {}, 'Source: ', safe ? h('a', { href: source, rel: 'noopener noreferrer' }, source) : source);
}

export function articleBody(article) {
  const spans = article.quotes.flatMap((q) => quoteSpans(q).map((s) => ({
    ...s,
    id: s.cls === 'quote' || s.cls === 'reported' ? `q-${q.id}` : undefined,
    title: s.cls === 'quote' || s.cls === 'reported'
      ? `${isReported(q) ? `${REPORTED[q.kind]}: ` : ''}${q.speaker?.name ?? 'Unknown speaker'}`
      : undefined,
  })));
  return h('div', { class: 'article-text' }, markedText(article.text, 0, article.text.length, spans));
}

export function quoteIndex(article) {
  return h('ol', { class: 'quote-index' }, article.quotes.map((q) => h('li', {},
    q.speaker ? h('a', { href: speakerHref(q.speaker.name) }, q.speaker.name) : 'Unknown speaker',
    q.cue ? ` ${q.cue.text}: ` : ': ',
    // a quotation in quote marks; reported speech as the article words it, and said to be so
    h('a', { href: `#q-${encodeURIComponent(q.id)}`, class: 'jump' }, isReported(q) ? q.text : `“${q.text}”`),
    isReported(q) ? h('span', { class: 'quote-kind' }, ` (${REPORTED[q.kind].toLowerCase()})`) : null,
    q.about.length ? h('span', { class: 'hint' }, ` (about ${q.about.map((e) => e.name).join(', ')})`) : null)));
}

export async function render(main, id) {
  let article;
  try {
    article = await getArticle(id);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) throw err;
    setTitle('Not found');
    main.append(h('h1', {}, `Article ${id}`), message(`There is no article “${id}”.`, 'empty'));
    return;
  }
  setTitle(article.title || article.id);
  main.append(
    h('h1', {}, article.title || `Article ${article.id}`),
    h('p', { class: 'meta' },
      h('span', {}, `Id: ${article.id}`),
      article.published ? h('time', { datetime: article.published }, article.published) : null,
      sourceNode(article.source),
      h('a', { href: articleHref(article.id) }, 'Permalink')),
    legend(),
    articleBody(article),
    h('h2', {}, `${plural(article.count, 'quote')} in this article`),
    article.count ? quoteIndex(article) : message('No quotes were found in this article.', 'empty'));
  // The fragment names a quote that did not exist when the page loaded: scroll to it now.
  const target = window.location.hash && document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
  if (target) {
    target.classList.add('target');
    target.scrollIntoView({ block: 'center' });
  }
}
