// "/add": paste an article; POST /v1/articles (with the X-API-Key) extracts and stores its
// quotes, which are then shown in their sentences. The key is sent, never stored.
import { ApiError, request } from '../api.js';
import { articleHref, clear, h, message, plural, setTitle } from '../dom.js';
import { legend, quoteItem } from '../marks.js';

const WHY = {
  401: 'The API key was not accepted. Check it and try again.',
  409: 'That article id is already used by an article with a different text. Choose another id or leave it empty.',
  413: 'The article is too long for this server.',
};

function field(id, label, attrs = {}, hint = null) {
  const control = attrs.rows
    ? h('textarea', { id, name: id, ...attrs })
    : h('input', { id, name: id, ...attrs, 'aria-describedby': hint ? `${id}-hint` : null });
  return h('div', { class: 'field' }, h('label', { for: id }, label), control,
    hint ? h('p', { id: `${id}-hint`, class: 'hint' }, hint) : null);
}

function articleForm() {
  return h('form', { class: 'article-form', id: 'article-form' },
    field('key', 'API key', { type: 'password', required: true, autocomplete: 'off', spellcheck: 'false' },
      'The server’s QUOTES_API_KEY. It is sent with this request only.'),
    field('title', 'Title (optional)', { type: 'text', maxlength: 1000 }),
    field('text', 'Article text', { rows: 14, required: true }),
    h('p', { class: 'hint' }, 'Ctrl+Enter in the text sends the form.'),
    field('source', 'Source (optional)', { type: 'text', maxlength: 2000 }, 'A URL or the outlet’s name.'),
    field('published', 'Published (optional)', { type: 'date' }),
    field('id', 'Article id (optional)', { type: 'text', pattern: '[A-Za-z0-9._~:\\-]{1,128}' },
      'Letters, digits and . _ ~ : - only. Left empty, the id comes from the text.'),
    h('button', { type: 'submit' }, 'Extract quotes'));
}

function showResult(out, article, status) {
  const intro = status === 201
    ? `Stored as article ${article.id}: ${plural(article.count, 'quote')} found.`
    : `This text was already stored as article ${article.id} (${plural(article.count, 'quote')}); nothing was added.`;
  out.append(message(intro, 'info', h('p', {}, h('a', { href: articleHref(article.id) }, 'Open the article with its quotes highlighted'))));
  if (!article.count) return;
  out.append(h('h2', {}, 'Quotes found'), legend(),
    h('ol', { class: 'quotes' }, article.quotes.map((q) => quoteItem(q, { showSpeaker: true, article }))));
}

export async function render(main) {
  setTitle('Add an article');
  const form = articleForm();
  const out = h('section', { class: 'result', 'aria-live': 'polite' });
  main.append(h('h1', {}, 'Add an article'),
    h('p', {}, 'Paste a news article: its quotes are extracted, attributed and stored.'), form, out);
  const text = form.elements.namedItem('text');
  text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); }
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    const body = { text: values.text };
    for (const name of ['title', 'source', 'published', 'id']) if (values[name].trim()) body[name] = values[name].trim();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    clear(out).append(message('Extracting quotes…', 'info'));
    try {
      const { data, status } = await request('/v1/articles', { method: 'POST', body, headers: { 'X-API-Key': values.key } });
      clear(out);
      showResult(out, data, status);
      const done = out.querySelector('.message');
      done.tabIndex = -1; // move keyboard focus to the outcome, so Tab goes on from there
      done.focus();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      clear(out).append(message(WHY[err.status] ?? err.message, 'error'));
    } finally {
      button.disabled = false;
    }
  });
}
