// Entry point: wire up the header search, pick the view from the path, and turn any API failure
// into a message on the page (never a blank page).
import { ApiError } from './api.js';
import { clear, message } from './dom.js';
import { initSearch } from './search.js';
import * as add from './views/add.js';
import * as article from './views/article.js';
import * as graph from './views/graph.js';
import * as home from './views/home.js';
import * as quotes from './views/quotes.js';
import * as speaker from './views/speaker.js';

// Path pattern -> view; a view's render(main, ...captured path segments) fills <main>.
// The third item is what a malformed segment (say %E0%A4%A) shows: no name can be spelled so.
const ROUTES = [
  [/^\/$/, home],
  [/^\/speakers\/([^/]+)$/, speaker, 'There is no such speaker.'],
  [/^\/articles\/([^/]+)$/, article, 'There is no such article.'],
  [/^\/quotes$/, quotes],
  [/^\/graph$/, graph],
  [/^\/add$/, add],
];

// The captured segments decoded, or null when one is not valid percent-encoded UTF-8.
function segmentsOf(path, pattern) {
  try {
    return path.match(pattern).slice(1).map(decodeURIComponent);
  } catch (err) {
    if (err instanceof URIError) return null;
    throw err;
  }
}

async function start() {
  initSearch(document.querySelector('form.search'));
  const main = document.getElementById('main');
  const path = window.location.pathname;
  for (const nav of document.querySelectorAll('nav a')) {
    if (nav.getAttribute('href') === path) nav.setAttribute('aria-current', 'page');
  }
  const route = ROUTES.find(([pattern]) => pattern.test(path));
  if (!route) {
    clear(main).append(message('There is no such page.', 'error'));
    return;
  }
  const [pattern, view, malformed] = route;
  const segments = segmentsOf(path, pattern);
  if (segments === null) {
    clear(main).append(message(malformed ?? 'There is no such page.', 'error'));
    return;
  }
  try {
    clear(main);
    await view.render(main, ...segments);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err; // a bug: let it reach the console
    main.append(message(err.message, 'error'));
  }
}

start();
