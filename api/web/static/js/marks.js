// A quote in its sentence: the stretch of the article around it, with the quote highlighted and
// the speaker mention and cue marked. Offsets are the API's (characters, end exclusive).
import { getArticle } from './api.js';
import { articleHref, h, speakerHref } from './dom.js';

// A sentence ends at . ! ? or … (with any closing quote marks or brackets) before whitespace,
// or at a blank line. Headlines have no full stop, so a line break before a blank line counts.
const BOUNDARY = /[.!?…]["'”’»)\]]*\s+|\n\s*\n/g;
const MAX_CONTEXT = 700; // characters either side, for an article with no sentence breaks

// Reported speech is someone's statement in the article's words, not a quotation: it is shown
// as such (class "reported", a dashed underline, and its label), never in quote marks.
export const REPORTED = { indirect: 'Reported speech', mixed: 'Reported speech with quoted words' };

export function isReported(quote) {
  return Object.hasOwn(REPORTED, quote.kind);
}

// Where `words` occur in the quote (any case, as the API's q= matches), as article offsets.
export function hitSpans(quote, words) {
  const needle = words?.trim().toLowerCase();
  if (!needle) return [];
  const hay = quote.text.toLowerCase();
  const spans = [];
  for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + needle.length)) {
    spans.push({ start: quote.start + at, end: quote.start + at + needle.length, cls: 'hit' });
  }
  return spans;
}

// The quote's spans (quote, mention, cue) that have offsets, with their CSS classes.
export function quoteSpans(quote) {
  const spans = [{ start: quote.start, end: quote.end, cls: isReported(quote) ? 'reported' : 'quote' }];
  for (const cls of ['mention', 'cue']) {
    const span = quote[cls];
    if (span && Number.isInteger(span.start) && Number.isInteger(span.end)) {
      spans.push({ start: span.start, end: span.end, cls });
    }
  }
  return spans;
}

// [start, end) of the sentence(s) covering every span: from the sentence start before the
// first span to the sentence end after the last (the mention may be in the sentence before).
export function sentenceBounds(text, spans) {
  const from = Math.min(...spans.map((s) => s.start));
  const to = Math.max(...spans.map((s) => s.end));
  let start = Math.max(0, from - MAX_CONTEXT);
  let end = Math.min(text.length, to + MAX_CONTEXT);
  for (const match of text.matchAll(BOUNDARY)) {
    const after = match.index + match[0].length;
    if (after <= from) {
      start = Math.max(start, after);
    } else if (after > to) {
      end = Math.min(end, match.index + match[0].trimEnd().length);
      break;
    }
  }
  return [start, end];
}

// text[from, to) as DOM nodes, each piece wrapped in the elements of the spans covering it:
// <mark class="quote"> for quoted words, <span class="mention"> and <span class="cue">.
// Spans may overlap (two quotes, a mention inside a quote): the text is cut at every edge.
export function markedText(text, from, to, spans, ids = {}) {
  const cuts = new Set([from, to]);
  for (const s of spans) {
    for (const at of [s.start, s.end]) if (at > from && at < to) cuts.add(at);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const nodes = [];
  const started = new Set();
  for (let i = 0; i + 1 < points.length; i += 1) {
    const [a, b] = [points[i], points[i + 1]];
    let node = document.createTextNode(text.slice(a, b));
    // Innermost first, so a quote's mark wraps the mention and cue inside it.
    for (const s of [...spans].sort((x, y) => ORDER[y.cls] - ORDER[x.cls])) {
      if (s.start > a || s.end < b) continue;
      const el = h(ORDER[s.cls] === 0 ? 'mark' : 'span', { class: s.cls, title: s.title });
      if (s.id && !started.has(s)) { // the first piece of a span carries its id
        el.id = s.id;
        started.add(s);
      }
      el.append(node);
      node = el;
    }
    nodes.push(node);
  }
  return nodes;
}
const ORDER = { quote: 0, reported: 0, mention: 1, cue: 2, hit: 3 };

// An ellipsis where the context does not start or end with the article.
function excerpt(text, spans) {
  const [start, end] = sentenceBounds(text, spans);
  return [start > 0 ? '… ' : '', ...markedText(text, start, end, spans), end < text.length ? ' …' : ''];
}

// One quote as a list item: its sentence, then who, where and about whom.
// `showSpeaker` is for lists of quotes by several people (quotes about someone, a new article);
// `words`, for search results, marks where the searched words are in the quote.
export function quoteItem(quote, { showSpeaker = false, article = null, words = null } = {}) {
  const context = h('blockquote', { class: 'context' }, h('p', {}, quote.text));
  const source = h('span', { class: 'source' }, `Article ${quote.article_id}`);
  const loaded = article ? Promise.resolve(article) : getArticle(quote.article_id);
  loaded.then((a) => {
    context.firstChild.replaceChildren(
      ...excerpt(a.text, [...quoteSpans(quote), ...hitSpans(quote, words)]));
    source.textContent = a.title || `Article ${a.id}`;
  }, () => { /* the bare quote stays: still true, only without its sentence */ });
  const about = quote.about.length
    ? h('span', { class: 'about' }, 'About ',
      quote.about.flatMap((e, i) => [i ? ', ' : '', h('a', { href: speakerHref(e.name) }, e.name)]))
    : null;
  const who = showSpeaker && quote.speaker
    ? h('a', { class: 'who', href: speakerHref(quote.speaker.name) }, quote.speaker.name)
    : null;
  return h('li', { class: `quote-item kind-${quote.kind || 'direct'}` },
    who, isReported(quote) ? h('p', { class: 'quote-kind' }, REPORTED[quote.kind]) : null, context,
    h('p', { class: 'meta' },
      quote.published ? h('time', { datetime: quote.published }, quote.published) : null,
      source,
      h('a', { href: articleHref(quote.article_id, quote.id) }, 'Full article'),
      quote.role ? h('span', {}, `Role: ${quote.role}`) : null,
      h('span', { class: 'confidence', title: `Attributed by the ${quote.rule} rule` },
        `Confidence ${quote.confidence}`),
      about));
}

export function legend() {
  return h('p', { class: 'legend' }, 'Key: ',
    h('mark', { class: 'quote' }, 'quoted words'), ' ',
    h('mark', { class: 'reported' }, 'reported speech'), ' ',
    h('span', { class: 'mention' }, 'speaker as named'), ' ',
    h('span', { class: 'cue' }, 'cue (said, told…)'));
}
