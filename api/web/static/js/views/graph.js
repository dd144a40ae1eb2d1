// "/graph": who talks about whom, from the API's speaker network (/v1/graph): one node per
// person, organization, place or anonymous source, one arrow per speaker -> target pair, its
// width by the number of quotes. A legend names the colours; labels keep their size on screen
// at every zoom; fcose lays the clusters apart and speakers whose quotes are about nobody named
// are set apart below. Clicking an arrow lists its quotes; clicking a name opens its page.
// "?focus=NAME" is one entity's neighbourhood: whom they talk about and who talks about them.
// The same connections are listed in a table below, for keyboards and screen readers.
import { ApiError, apiUrl, getJSON, seg } from '../api.js';
import {
  clear, graphHref, h, message, plural, setTitle, speakerHref, suggestionLinks,
} from '../dom.js';
import { quoteItem } from '../marks.js';

const CY_STYLESHEET = '__________cytoscape_stylesheet';
export const KINDS = {
  person: { colour: '#1a5fb4', name: 'Person' },
  organization: { colour: '#c64600', name: 'Organization' },
  place: { colour: '#26a269', name: 'Place' },
  anonymous: { colour: '#77767b', name: 'Anonymous source' },
};
const ISOLATED = 'isolated:'; // the box that holds speakers about nobody named
const LABEL_PX = 12; // on-screen label size, whatever the zoom
const QUOTES_SHOWN = 20;
// fcose and the two libraries it needs are UMD scripts: loaded in order, they set globals.
const FCOSE_SCRIPTS = ['/vendor/layout-base.js', '/vendor/cose-base.js', '/vendor/cytoscape-fcose.js'];

// The speaker network's node-link JSON as nodes and weighted pairs, heaviest first.
export function speakerPairs(network) {
  const nodes = new Map(network.nodes.filter((n) => KINDS[n.kind]).map((n) => [n.id, n]));
  const edges = network.edges
    .filter((e) => nodes.has(e.source) && nodes.has(e.target))
    .map((e) => ({ source: e.source, target: e.target, quotes: e.weight ?? 1,
      first: e.first ?? null, last: e.last ?? null, texts: e.texts ? e.texts.split('\n') : [] }))
    .sort((a, b) => b.quotes - a.quotes || a.source.localeCompare(b.source));
  const linked = new Set(edges.flatMap((e) => [e.source, e.target]));
  return {
    nodes: [...nodes.values()].map((n) => ({ ...n, said: n.quotes_said ?? 0,
      isolated: !linked.has(n.id) })),
    edges,
    label: (id) => nodes.get(id)?.label ?? id,
  };
}

// One entity's neighbourhood: the union of the networks of quotes by them and about them.
export function mergeNetworks(...networks) {
  const nodes = new Map();
  const edges = new Map();
  for (const n of networks) {
    for (const node of n.nodes) nodes.set(node.id, { ...nodes.get(node.id), ...node });
    for (const e of n.edges) edges.set(`${e.source}\n${e.target}`, e);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

function filterForm(speaker, about) {
  const graphml = apiUrl('/v1/graph.graphml', { speaker, about }); // the current filter
  const gexf = apiUrl('/v1/graph.gexf', { speaker, about });
  const field = (id, label, value) => h('div', {},
    h('label', { for: id }, label),
    h('input', { id, name: id, value: value ?? '', placeholder: 'anyone' }));
  return h('form', { class: 'filter', method: 'get', action: '/graph' },
    field('speaker', 'Said by', speaker), field('about', 'About', about),
    h('button', { type: 'submit' }, 'Show'),
    h('a', { href: graphml.pathname + graphml.search, download: 'quotes.graphml', class: 'button' },
      'Download GraphML'),
    h('a', { href: gexf.pathname + gexf.search, download: 'quotes.gexf', class: 'button' },
      'Download GEXF (Gephi)'),
    speaker || about ? h('a', { href: graphHref() }, 'Show everyone') : null);
}

function legendFor(pairs) {
  const present = new Set(pairs.nodes.map((n) => n.kind));
  return h('ul', { class: 'graph-legend', 'aria-label': 'Legend' },
    Object.entries(KINDS).filter(([kind]) => present.has(kind)).map(([kind, k]) => h('li', {},
      h('span', { class: `swatch ${kind}`, 'aria-hidden': 'true' }), k.name)),
    h('li', {}, h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→'),
      'speaks about (thicker: more quotes)'));
}

function pairTable(pairs) {
  const link = (name) => h('a', { href: speakerHref(name) }, name);
  const dates = (e) => (e.first ? (e.first === e.last ? e.first : `${e.first} – ${e.last}`) : '—');
  return h('table', { class: 'pairs' },
    h('caption', {}, 'The same connections as a table'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Speaker'), h('th', { scope: 'col' }, 'About'),
      h('th', { scope: 'col' }, 'Quotes'), h('th', { scope: 'col', class: 'dates' }, 'Dates'))),
    h('tbody', {}, pairs.edges.map((e) => h('tr', {},
      h('td', {}, link(pairs.label(e.source))), h('td', {}, link(pairs.label(e.target))),
      h('td', { class: 'num' }, String(e.quotes)), h('td', { class: 'dates' }, dates(e))))));
}

// The quotes of one arrow, in full with their sentences, in the panel under the graph.
async function showPair(panel, speaker, target, quotes) {
  clear(panel).hidden = false;
  const heading = h('h2', { tabindex: '-1' }, `${speaker} about ${target}: ${plural(quotes, 'quote')}`);
  const list = h('ol', { class: 'quotes' });
  panel.append(heading, list);
  heading.focus();
  try {
    const page = await getJSON(`/v1/speakers/${seg(speaker)}/quotes`,
      { about: target, limit: QUOTES_SHOWN });
    list.append(...page.data.map((q) => quoteItem(q)));
    if (page.total > page.data.length) {
      panel.append(h('p', {}, h('a', { href: `${speakerHref(speaker)}?about=${encodeURIComponent(target)}` },
        `All ${page.total} on ${speaker}'s page`)));
    }
  } catch (err) {
    panel.append(message(err.message, 'error'));
  }
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = h('script', { src });
    script.addEventListener('load', resolve);
    script.addEventListener('error', () => reject(new Error(`cannot load ${src}`)));
    document.head.append(script);
  });
}

async function layoutLibrary(cytoscape) {
  try {
    if (!window.cytoscapeFcose) for (const src of FCOSE_SCRIPTS) await loadScript(src);
    cytoscape.use(window.cytoscapeFcose);
    return 'fcose';
  } catch {
    return 'cose'; // cytoscape's own: the graph still draws, less well separated
  }
}

function elements(pairs, focusIds) {
  const top = Math.max(1, ...pairs.edges.map((e) => e.quotes));
  const anyIsolated = pairs.nodes.some((n) => n.isolated);
  return [
    ...(anyIsolated ? [{ data: { id: ISOLATED, label: 'Quoted about no one named' }, classes: 'box' }] : []),
    ...pairs.nodes.map((n) => ({
      data: { id: n.id, label: n.label, kind: n.kind, size: 16 + 6 * Math.sqrt(n.said + (n.quoted_about ?? 0)),
        colour: KINDS[n.kind].colour, ...(n.isolated ? { parent: ISOLATED } : {}) },
      classes: focusIds.has(n.id) ? 'focus' : '',
    })),
    ...pairs.edges.map((e, i) => ({ data: { id: `pair${i}`, source: e.source, target: e.target,
      quotes: e.quotes, width: 1.5 + 6 * (e.quotes - 1) / Math.max(1, top - 1) } })),
  ];
}

const STYLE = [
  { selector: 'node', style: { label: 'data(label)', 'background-color': 'data(colour)',
    width: 'data(size)', height: 'data(size)', 'font-size': LABEL_PX, 'text-wrap': 'wrap',
    'text-max-width': 140, 'text-valign': 'bottom', 'text-margin-y': 3, color: '#1e1e1e',
    'text-outline-color': '#fcfcfd', 'text-outline-width': 2 } },
  { selector: 'node.box', style: { 'background-color': '#f2f2f2', 'background-opacity': 0.6,
    'border-width': 1, 'border-color': '#c0bfbc', 'border-style': 'dashed', 'text-valign': 'top',
    'text-halign': 'center', 'text-margin-y': -4, color: '#5e5c64', shape: 'round-rectangle',
    padding: 16 } },
  { selector: 'node.focus', style: { 'border-width': 4, 'border-color': '#1e1e1e', 'font-weight': 'bold' } },
  { selector: 'edge', style: { width: 'data(width)', 'curve-style': 'bezier',
    'target-arrow-shape': 'triangle', 'line-color': '#9a9996', 'target-arrow-color': '#9a9996',
    'arrow-scale': 0.9 } },
  { selector: 'edge.labelled', style: { label: 'data(quotes)', 'font-size': LABEL_PX - 2,
    'text-background-color': '#fff', 'text-background-opacity': 1 } },
  { selector: 'node.quiet', style: { 'text-opacity': 0 } },
  { selector: 'node.quiet.hover', style: { 'text-opacity': 1, 'z-index': 10 } },
  { selector: 'edge:selected', style: { 'line-color': '#e5a50a', 'target-arrow-color': '#e5a50a' } },
  { selector: 'node:active, node:selected', style: { 'border-width': 3, 'border-color': '#000' } },
];

// The labels that would overlap a more important one (focus first, then bigger nodes) are
// hidden, in one pass over a grid of label boxes; hovering a node shows its label anyway.
function declutter(cy) {
  const cellSize = 150 / cy.zoom();
  const cells = new Map();
  const hidden = [];
  const overlaps = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  const ranked = cy.nodes().not('.box').sort((a, b) => (b.hasClass('focus') - a.hasClass('focus'))
    || b.data('size') - a.data('size'));
  for (const node of ranked) {
    // A margin of 2 screen pixels: a label kept is clear of the others, not touching them
    // (a box measured again after the next frame may be a fraction of a pixel larger).
    const b = node.boundingBox({ includeNodes: true, includeLabels: true, includeOverlays: false });
    const pad = 2 / cy.zoom();
    const box = { x1: b.x1 - pad, x2: b.x2 + pad, y1: b.y1 - pad, y2: b.y2 + pad };
    const keys = [];
    for (let x = Math.floor(box.x1 / cellSize); x <= Math.floor(box.x2 / cellSize); x += 1) {
      for (let y = Math.floor(box.y1 / cellSize); y <= Math.floor(box.y2 / cellSize); y += 1) keys.push(`${x},${y}`);
    }
    if (keys.some((k) => (cells.get(k) ?? []).some((other) => overlaps(box, other)))) {
      hidden.push(node);
      continue;
    }
    for (const k of keys) cells.set(k, [...(cells.get(k) ?? []), box]);
  }
  cy.batch(() => {
    cy.nodes().removeClass('quiet');
    cy.collection(hidden).addClass('quiet');
  });
}

// Labels keep LABEL_PX on screen: their size in graph units is the zoom's inverse.
function keepLabelsReadable(cy) {
  let pending = false;
  const update = () => {
    pending = false;
    const zoom = cy.zoom();
    cy.batch(() => {
      cy.nodes().style({ 'font-size': LABEL_PX / zoom, 'text-outline-width': 2 / zoom,
        'text-max-width': 140 / zoom });
      cy.nodes('.box').style('text-max-width', 600 / zoom);
      cy.edges().toggleClass('labelled', zoom >= 0.6).style('font-size', (LABEL_PX - 2) / zoom);
    });
    declutter(cy);
  };
  cy.on('zoom', () => {
    if (!pending) { pending = true; requestAnimationFrame(update); }
  });
  cy.on('mouseover', 'node.quiet', (e) => e.target.addClass('hover'));
  cy.on('mouseout', 'node', (e) => e.target.removeClass('hover'));
  update();
}

function place(cy, layoutName) {
  const connected = cy.elements().filter((el) => el.isEdge() || (!el.isParent() && !el.isChild()));
  const isolated = cy.nodes().filter((n) => n.isChild());
  const layout = layoutName === 'fcose'
    ? { name: 'fcose', quality: 'proof', randomize: true, animate: false, packComponents: true,
      nodeDimensionsIncludeLabels: true, idealEdgeLength: 130, nodeRepulsion: 20000,
      nodeSeparation: 120, gravity: 0.2 }
    : { name: 'cose', animate: false, randomize: false, nodeDimensionsIncludeLabels: true };
  if (connected.nodes().length) connected.layout(layout).run();
  if (isolated.length) { // a grid below everything else
    const bb = connected.nodes().length ? connected.boundingBox() : { x1: 0, y2: 0, w: 600 };
    const columns = Math.max(2, Math.ceil(Math.sqrt(isolated.length * 1.5)));
    isolated.layout({ name: 'grid', cols: columns, avoidOverlap: true, nodeDimensionsIncludeLabels: true,
      boundingBox: { x1: bb.x1, y1: bb.y2 + 90, w: columns * 210,
        h: 80 * Math.ceil(isolated.length / columns) } }).run();
  }
  cy.fit(undefined, 24);
}

async function draw(container, pairs, panel, focusIds) {
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
  const layoutName = await layoutLibrary(cytoscape);
  const cy = cytoscape({ container, elements: elements(pairs, focusIds), style: STYLE,
    layout: { name: 'preset' }, minZoom: 0.05, maxZoom: 4, wheelSensitivity: 0.3 });
  place(cy, layoutName);
  keepLabelsReadable(cy);
  cy.on('tap', 'node', (e) => {
    if (!e.target.isParent()) window.location.assign(speakerHref(e.target.data('label')));
  });
  cy.on('tap', 'edge', (e) => showPair(panel, e.target.source().data('label'),
    e.target.target().data('label'), e.target.data('quotes')));
  cy.on('mouseover', 'node, edge', () => { container.style.cursor = 'pointer'; });
  cy.on('mouseout', 'node, edge', () => { container.style.cursor = ''; });
  container.dataset.layout = layoutName;
  container.dataset.nodes = String(cy.nodes().filter((n) => !n.isParent()).length); // drawn
  return cy;
}

// The network to draw, and the ids of the entities in focus (the speakers of the quotes by
// the focus name: any spelling of it finds them; else the nodes labelled with it).
async function network(speaker, about, focus) {
  if (!focus) return { graph: await getJSON('/v1/graph', { speaker, about }), focusIds: new Set() };
  const [by, of] = await Promise.all([getJSON('/v1/graph', { speaker: focus }).catch((err) => {
    if (err instanceof ApiError && err.status === 404) return { nodes: [], edges: [] }; // never spoke
    throw err;
  }), getJSON('/v1/graph', { about: focus })]);
  const spoke = by.nodes.filter((n) => n.quotes_said > 0).map((n) => n.id);
  const named = of.nodes.filter((n) => n.label === focus).map((n) => n.id);
  return { graph: mergeNetworks(by, of), focusIds: new Set(spoke.length ? spoke : named) };
}

export async function render(main) {
  const params = new URLSearchParams(window.location.search);
  const [speaker, about, focus] = ['speaker', 'about', 'focus']
    .map((key) => params.get(key)?.trim() || null);
  setTitle(focus ? `${focus} in the graph` : 'Graph');
  main.append(h('h1', {}, focus ? `Around ${focus}` : 'Who talks about whom'), filterForm(speaker, about));
  let graph;
  let focusIds;
  try {
    ({ graph, focusIds } = await network(speaker, about, focus));
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) throw err;
    main.append(message(err.message, 'empty', suggestionLinks(err.suggestions)));
    return;
  }
  const pairs = speakerPairs(graph);
  if (!pairs.nodes.length) {
    main.append(message('Nobody is quoted for this filter.', 'empty'));
    return;
  }
  const container = h('div', { id: 'graph', class: 'graph', role: 'img',
    'aria-label': 'Graph of speakers and whom they talk about; the table below lists the same.' });
  const panel = h('section', { class: 'pair-quotes', 'aria-live': 'polite', hidden: true });
  main.append(
    h('p', { class: 'hint' }, `${plural(pairs.nodes.length, 'node')}, `
      + `${plural(pairs.edges.length, 'connection')}. Click an arrow for its quotes, `
      + 'a name to open its page; scroll to zoom.'),
    legendFor(pairs), container, panel,
    pairs.edges.length ? pairTable(pairs) : message('These quotes are not about anyone named.', 'empty'));
  window.quotesGraph = await draw(container, pairs, panel, focusIds); // for tests and the console
}
