// The speaker search in the header: a combobox (WAI-ARIA pattern) with suggestions as one types.
// Up/Down move through the suggestions, Enter opens the one chosen (or searches the words typed),
// Escape closes the list. Suggestions come from GET /v1/speakers?q=, which matches any alias and
// spelling variants, so "Peskow" suggests Dmitry Peskov.
import { ApiError, getJSON } from './api.js';
import { add, clear, h, plural, speakerHref } from './dom.js';

const DELAY_MS = 150; // wait for a pause in typing before asking
const LIMIT = 8;

export function initSearch(form) {
  const input = form.querySelector('[role=combobox]');
  const list = form.querySelector('[role=listbox]');
  const status = form.querySelector('.status');
  let timer = 0;
  let pending = null;
  let options = [];
  let active = -1;

  const open = (isOpen) => {
    list.hidden = !isOpen;
    input.setAttribute('aria-expanded', String(isOpen));
    if (!isOpen) choose(-1);
  };
  const choose = (index) => {
    options.forEach((li, i) => li.setAttribute('aria-selected', String(i === index)));
    active = index;
    if (index < 0) input.removeAttribute('aria-activedescendant');
    else {
      input.setAttribute('aria-activedescendant', options[index].id);
      options[index].scrollIntoView({ block: 'nearest' });
    }
  };
  const go = (name) => { window.location.assign(speakerHref(name)); };

  async function suggest() {
    const q = input.value.trim();
    pending?.abort();
    if (!q) { open(false); status.textContent = ''; return; }
    pending = new AbortController();
    try {
      const page = await getJSON('/v1/speakers', { q, limit: LIMIT }, pending.signal);
      show(page.data, q);
    } catch (err) {
      if (err.name === 'AbortError') return; // a newer keystroke took over
      open(false);
      status.textContent = err instanceof ApiError ? err.message : String(err);
    }
  }

  function show(speakers, q) {
    open(false); // also forgets the option chosen in the previous list
    clear(list);
    options = speakers.map((s, i) => h('li', {
      id: `search-option-${i}`, role: 'option', 'aria-selected': 'false',
      onmousedown: (e) => e.preventDefault(), // keep focus in the input
      onclick: () => go(s.name),
    }, h('span', { class: 'name' }, s.name),
    h('span', { class: 'hint' }, `${s.kind} · ${plural(s.quotes, 'quote')}`)));
    add(list, options);
    open(options.length > 0);
    status.textContent = options.length
      ? `${plural(options.length, 'suggestion')}: use the up and down arrows.`
      : `No speaker matches “${q}”.`;
  }

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(suggest, DELAY_MS);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!options.length) return;
      e.preventDefault();
      open(true);
      const step = e.key === 'ArrowDown' ? 1 : -1;
      choose((active + step + options.length) % options.length);
    } else if (e.key === 'Enter' && active >= 0 && !list.hidden) {
      e.preventDefault(); // open the chosen speaker instead of searching the words typed
      options[active].click();
    } else if (e.key === 'Escape' && !list.hidden) {
      e.preventDefault();
      open(false);
    }
  });
  input.addEventListener('blur', () => open(false));
  // Keep what was searched in the box on the results page.
  const q = new URLSearchParams(window.location.search).get('q');
  if (q && window.location.pathname === '/') input.value = q;
}
