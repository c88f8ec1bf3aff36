// The outages above the filesystems: a server or an LNet network whose targets were lost at once, from the
// collectors' getOutages (merged across a pair by the monitor). Active ones stand out; those ended within
// the last hour are muted, with how long they lasted. Every text from a collector goes in as textContent.
import { el, time, duration } from './format.js';

const HEX_NUMBERED = /^(.*?)([0-9a-fA-F]{4})$/;

/** "4,211": counts as people read them. */
export function number(n) {
  return n.toLocaleString('en-US');
}

function counted(n, one, many) {
  return `${number(n)} ${n === 1 ? one : many}`;
}

/**
 * A few target names, short: "fs1-OST0010 … 0014 and 3 more" when they follow each other,
 * "fs1-OST0010, 0013, 001a" when they share a name but not a run, else the names.
 */
export function examples(names, targets) {
  if (names.length === 0) return '';
  const parts = names.map((n) => HEX_NUMBERED.exec(n));
  let text = names.join(', ');
  if (parts.every((p) => p && p[1] === parts[0][1])) {
    const numbers = parts.map((p) => parseInt(p[2], 16));
    const run = numbers.length >= 3 && numbers.every((v, i) => i === 0 || v === numbers[i - 1] + 1);
    text = run ? `${names[0]} … ${parts[parts.length - 1][2]}`
      : [names[0], ...parts.slice(1).map((p) => p[2])].join(', ');
  }
  const more = targets - names.length;
  return more > 0 ? `${text} and ${number(more)} more` : text;
}

/** What the page says of one outage, {cause, text}, at the monitor's time {@code now} (epoch seconds). */
export function describe(o, now) {
  const cause = (o.kind === 'network' ? 'Network ' : 'Server ') + o.key;
  const targets = counted(o.targets, 'target', 'targets');
  const size = o.kind === 'network' ? `${targets} on ${counted(o.servers, 'server', 'servers')}` : targets;
  const ago = (t) => duration(Math.max(0, now - t));
  const when = o.active ? `lost ${ago(o.since)} ago`
    : `lost at ${time(o.since)} for ${duration(Math.max(0, o.ended - o.since))}, back ${ago(o.ended)} ago`;
  const fs = o.filesystems.length ? ` (${o.filesystems.join(', ')})` : '';
  return { cause, text: `: ${size} ${when}${fs}`, examples: examples(o.examples, o.targets) };
}

function summary(active, ended) {
  const parts = [];
  if (active) parts.push(counted(active, 'active outage', 'active outages'));
  if (ended) parts.push(`${number(ended)} ended in the last hour`);
  return parts.join('; ');
}

/** Shows the outages of a status event in the section; hides it while there are none. */
export function renderOutages(section, status) {
  const list = status.outages ?? [];
  const total = status.outagesTotal ?? list.length;
  section.hidden = list.length === 0;
  const active = list.filter((o) => o.active).length;
  section.classList.toggle('active', active > 0);
  const text = summary(active, list.length - active);
  const summaryLine = section.querySelector('.outages-summary');
  // a live region: only a change is announced
  if (summaryLine.textContent !== text) summaryLine.textContent = text;
  const items = list.map((o) => {
    const d = describe(o, status.time);
    const li = el('li', 'outage ' + (o.active ? 'active' : 'ended'));
    li.dataset.kind = o.kind;
    li.dataset.key = o.key;
    li.dataset.active = String(o.active);
    li.append(el('strong', 'cause', d.cause), el('span', 'size', d.text));
    if (d.examples) li.append(el('span', 'examples', ' — ' + d.examples));
    li.title = 'reported by ' + o.collectors.join(', ');
    return li;
  });
  if (total > list.length) {
    items.push(el('li', 'outage more', `and ${number(total - list.length)} more: api/outages lists them all`));
  }
  section.querySelector('.outages-list').replaceChildren(...items);
}
