// The web view of lustre-monitor: status (collectors, outages, trap counts) over Server-Sent Events
// (/api/events), filesystems from /api/filesystems when their version changes. Every text from a
// collector goes in as textContent.
import { el, kibibytes, count, usedPercent, time, duration } from './format.js';
import { TileMap, TILE_COLOURS, STATE_NAMES } from './tiles.js';
import { TrapList } from './traps.js';
import { drawChart } from './chart.js';
import { renderOutages } from './outages.js';

const $ = (id) => document.getElementById(id);
const tip = $('tile-tip');
const details = $('target-details');
const maps = new Map();
let fileSystemsVersion = -1;
let fetching = false;

const trapList = new TrapList($('traps').tBodies[0], $('storm'), {
  fs: $('filter-fs'), severity: $('filter-severity'), text: $('filter-text'), pause: $('pause'),
  pausedCount: $('paused-count'),
});
$('trap-filter').addEventListener('submit', (e) => e.preventDefault());
details.addEventListener('click', () => { details.hidden = true; });

function bar(label, percent, text) {
  const b = el('div', 'bar');
  const fill = el('span', 'fill' + (percent >= 95 ? ' full' : percent >= 80 ? ' high' : ''));
  fill.style.width = (percent ?? 0) + '%';
  b.append(fill, el('span', 'text', `${label}: ${text}`));
  return b;
}

function legend() {
  const l = el('div', 'legend');
  for (const [state, name] of Object.entries(STATE_NAMES)) {
    const i = el('i');
    i.style.background = TILE_COLOURS[state];
    l.append(i, document.createTextNode(name));
  }
  return l;
}

function renderFileSystems(list) {
  const container = $('filesystems');
  if (list.length === 0) {
    container.replaceChildren(el('p', 'empty', 'No filesystem: no collector has given its Lustre state yet.'));
    return;
  }
  const cards = [];
  for (const fs of list) {
    const card = el('div', 'fs');
    card.dataset.fs = fs.name;
    card.dataset.light = fs.light;
    const title = el('h3');
    title.append(el('span', 'light ' + fs.light), el('span', 'name', fs.name));
    card.append(title);
    card.append(el('div', 'counts', `${fs.targets} targets, ${fs.notResponding} not responding`
      + (fs.deactivated ? `, ${fs.deactivated} deactivated` : '')
      + (fs.lowSpace ? `, ${fs.lowSpace} low on space` : '')
      + (fs.health ? `; health ${fs.health}` : '')));
    if (fs.reasons.length) card.append(el('div', 'reasons', fs.reasons.join('; ')));
    const space = usedPercent(fs.kbytesTotal, fs.kbytesAvail);
    card.append(bar('space', space, space === null ? 'unknown'
      : `${kibibytes(fs.kbytesTotal - fs.kbytesAvail)} of ${kibibytes(fs.kbytesTotal)} (${space.toFixed(0)} %)`));
    const inodes = usedPercent(fs.filesTotal, fs.filesFree);
    card.append(bar('inodes', inodes, inodes === null ? 'unknown'
      : `${count(fs.filesTotal - fs.filesFree)} of ${count(fs.filesTotal)} (${inodes.toFixed(0)} %)`));
    let map = maps.get(fs.name);
    if (!map) { map = new TileMap(tip, details); maps.set(fs.name, map); }
    map.update(fs.names, fs.states);
    card.append(map.canvas);
    cards.push(card);
  }
  for (const name of [...maps.keys()]) if (!list.some((f) => f.name === name)) maps.delete(name);
  container.replaceChildren(...cards);
  if (!$('legend').hasChildNodes()) $('legend').replaceChildren(...legend().childNodes);
}

async function refreshFileSystems(version) {
  if (fetching || version === fileSystemsVersion) return;
  fetching = true;
  try {
    const res = await fetch('api/filesystems');
    const body = await res.json();
    fileSystemsVersion = body.version;
    renderFileSystems(body.filesystems);
    // when the filesystems first showed, for the render benchmark (docs/benchmarks.md)
    if (performance.getEntriesByName('filesystems-rendered').length === 0) performance.mark('filesystems-rendered');
  } finally {
    fetching = false;
  }
}

function renderCollectors(status) {
  const rows = status.collectors.map((c) => {
    const tr = el('tr', 'collector');
    tr.dataset.url = c.url;
    tr.dataset.state = c.state;
    const since = c.since ? `${time(c.since)} (${duration(Math.max(0, status.time - c.since))})` : '';
    const drops = c.droppedTotal ? `${c.lastDrop} in the latest storm at ${time(c.lastDropTime)}`
      + ` (${Object.entries(c.lastDropByCategory).map(([k, v]) => `${v} ${k}`).join(', ')}); ${c.droppedTotal} in all` : '';
    tr.append(el('td', 'url', c.url), el('td', 'state-' + c.state, c.state + (c.reason ? ': ' + c.reason : '')),
      el('td', 'since', since), el('td', 'drop', drops));
    return tr;
  });
  $('collectors').tBodies[0].replaceChildren(...rows);
}

function onStatus(status) {
  renderOutages($('outages-section'), status);
  renderCollectors(status);
  drawChart($('chart'), status.trapsPerMinute);
  $('updated').textContent = 'updated ' + time(status.time);
  refreshFileSystems(status.fileSystemsVersion);
}

function connect() {
  const source = new EventSource('api/events');
  source.addEventListener('open', () => {
    $('connection').textContent = 'live';
    $('connection').className = 'connection on';
  });
  source.addEventListener('error', () => {
    $('connection').textContent = 'reconnecting…';
    $('connection').className = 'connection off';
  });
  source.addEventListener('status', (e) => onStatus(JSON.parse(e.data)));
  source.addEventListener('traps', (e) => trapList.add(JSON.parse(e.data)));
}

// For checks from outside (the browser tests): the colour drawn for a target's tile.
window.lustreDashboard = { tileColour: (fs, name) => maps.get(fs)?.colourOf(name) ?? null };
connect();
