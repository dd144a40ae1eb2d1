// "/graph": who talks about whom. Speakers and the entities their quotes are about, one edge per
// (speaker, target) pair, its width by the number of quotes. Clicking a node opens its page.
// The same connections are listed in a table below, for keyboards and screen readers.
import { ApiError, apiUrl, getJSON } from '../api.js';
import {
  graphHref, h, message, plural, setTitle, speakerHref, suggestionLinks,
} from '../dom.js';

const CY_STYLESHEET = '__________cytoscape_stylesheet';
const ENTITY_KINDS = new Set(['person', 'organization', 'place', 'anonymous']);
const COLOURS = { person: '#1a5fb4', organization: '#c64600', place: '#26a269', anonymous: '#77767b' };

// Fold the node-link graph (entity -said-> quote -about-> entity) into weighted pairs.
export function whoAboutWhom(graph) {
  const nodes = new Map(graph.nodes.filter((n) => ENTITY_KINDS.has(n.kind)).map((n) => [n.id, n]));
  const saidBy = new Map(); // quote node -> speaker node ids
  const about = new Map(); // quote node -> target node ids
  for (const e of graph.edges) {
    const [map, quote, other] = e.relation === 'said' ? [saidBy, e.target, e.source]
      : e.relation === 'about' ? [about, e.source, e.target] : [null];
    if (map && nodes.has(other)) map.set(quote, [...(map.get(quote) ?? []), other]);
  }
  const said = new Map(); // speaker node -> quotes said
  const pairs = new Map(); // "speaker\ntarget" -> quotes
  for (const [quote, speakers] of saidBy) {
    for (const s of speakers) {
      said.set(s, (said.get(s) ?? 0) + 1);
      for (const t of about.get(quote) ?? []) {
        const key = `${s}\n${t}`;
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
    }
  }
  const edges = [...pairs].map(([key, quotes]) => {
    const [source, target] = key.split('\n');
    return { source, target, quotes };
  }).sort((a, b) => b.quotes - a.quotes);
  const used = new Set([...said.keys(), ...edges.map((e) => e.target)]);
  return {
    nodes: [...used].map((id) => ({ ...nodes.get(id), said: said.get(id) ?? 0 })),
    edges,
    label: (id) => nodes.get(id)?.label ?? id,
  };
}

function filterForm(speaker, about) {
  const graphml = apiUrl('/v1/graph.graphml', { speaker, about }); // the current filter
  const field = (id, label, value) => h('div', {},
    h('label', { for: id }, label),
    h('input', { id, name: id, value: value ?? '', placeholder: 'anyone' }));
  return h('form', { class: 'filter', method: 'get', action: '/graph' },
    field('speaker', 'Said by', speaker), field('about', 'About', about),
    h('button', { type: 'submit' }, 'Show'),
    h('a', { href: graphml.pathname + graphml.search, download: 'quotes.graphml', class: 'button' },
      'Download GraphML'),
    speaker || about ? h('a', { href: graphHref() }, 'Show everyone') : null);
}

function pairTable(pairs) {
  const link = (name) => h('a', { href: speakerHref(name) }, name);
  return h('table', { class: 'pairs' },
    h('caption', {}, 'The same connections as a table'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Speaker'), h('th', { scope: 'col' }, 'About'),
      h('th', { scope: 'col' }, 'Quotes'))),
    h('tbody', {}, pairs.edges.map((e) => h('tr', {},
      h('td', {}, link(pairs.label(e.source))), h('td', {}, link(pairs.label(e.target))),
      h('td', { class: 'num' }, String(e.quotes))))));
}

async function draw(container, pairs) {
  let cytoscape;
  try {
    cytoscape = (await import('/vendor/cytoscape.mjs')).default;
  } catch {
    container.replaceWith(message('The graph library is not installed on the server, so the '
      + 'picture cannot be drawn (run “npm ci” in api/web). The table below has the same '
      + 'connections.', 'error'));
    return null;
  }
  // cytoscape adds an inline <style> (position: relative) unless an element with this id exists;
  // the CSP refuses inline styles, and app.css gives .graph that position already.
  if (!document.getElementById(CY_STYLESHEET)) {
    document.head.append(h('meta', { id: CY_STYLESHEET, name: 'cytoscape-style', content: 'app.css' }));
  }
  const top = Math.max(1, ...pairs.edges.map((e) => e.quotes));
  const cy = cytoscape({
    container,
    elements: [
      ...pairs.nodes.map((n) => ({ data: { id: n.id, label: n.label, kind: n.kind,
        size: 18 + 6 * Math.sqrt(n.said), colour: COLOURS[n.kind] ?? '#555' } })),
      ...pairs.edges.map((e, i) => ({ data: { id: `pair${i}`, source: e.source, target: e.target,
        quotes: e.quotes, width: 1.5 + 6 * (e.quotes - 1) / Math.max(1, top - 1) } })),
    ],
    style: [
      { selector: 'node', style: { label: 'data(label)', 'background-color': 'data(colour)',
        width: 'data(size)', height: 'data(size)', 'font-size': 11, 'text-wrap': 'wrap',
        'text-max-width': 120, 'text-valign': 'bottom', 'text-margin-y': 3, color: '#222' } },
      { selector: 'edge', style: { width: 'data(width)', 'curve-style': 'bezier',
        'target-arrow-shape': 'triangle', 'line-color': '#9a9996', 'target-arrow-color': '#9a9996',
        label: 'data(quotes)', 'font-size': 9, 'text-background-color': '#fff',
        'text-background-opacity': 1 } },
      { selector: 'node:active, node:selected', style: { 'border-width': 3, 'border-color': '#000' } },
    ],
    layout: { name: 'cose', animate: false, randomize: false, nodeDimensionsIncludeLabels: true },
  });
  cy.on('tap', 'node', (e) => window.location.assign(speakerHref(e.target.data('label'))));
  cy.on('mouseover', 'node', () => { container.style.cursor = 'pointer'; });
  cy.on('mouseout', 'node', () => { container.style.cursor = ''; });
  container.dataset.nodes = String(cy.nodes().length); // drawn: tests wait for this
  return cy;
}

export async function render(main) {
  const params = new URLSearchParams(window.location.search);
  const speaker = params.get('speaker')?.trim() || null;
  const about = params.get('about')?.trim() || null;
  setTitle('Graph');
  main.append(h('h1', {}, 'Who talks about whom'), filterForm(speaker, about));
  let graph;
  try {
    graph = await getJSON('/v1/graph', { speaker, about });
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) throw err;
    main.append(message(err.message, 'empty', suggestionLinks(err.suggestions)));
    return;
  }
  const pairs = whoAboutWhom(graph);
  if (!pairs.nodes.length) {
    main.append(message('Nobody is quoted for this filter.', 'empty'));
    return;
  }
  const container = h('div', { id: 'graph', class: 'graph', role: 'img',
    'aria-label': 'Graph of speakers and whom they talk about; the table below lists the same.' });
  main.append(
    h('p', { class: 'hint' }, `${plural(pairs.nodes.length, 'node')}, `
      + `${plural(pairs.edges.length, 'connection')}. Thicker lines: more quotes. `
      + 'Click a name to open its page.'),
    container,
    pairs.edges.length ? pairTable(pairs) : message('These quotes are not about anyone named.', 'empty'));
  window.quotesGraph = await draw(container, pairs); // for tests and the curious, in the console
}
