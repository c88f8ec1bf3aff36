// The live trap list: newest first, severity colours, filters, pause; a storm is one notice with counts.
import { el, time } from './format.js';

const KEPT = 5000;
const SHOWN = 500;
const STORM_BATCH = 100;
const SEVERITIES = ['INFO', 'WARNING', 'CRITICAL', 'FATAL'];

export class TrapList {
  constructor(body, storm, controls) {
    this.body = body;
    this.storm = storm;
    this.c = controls;
    this.traps = [];
    this.seen = new Set();
    this.pending = [];
    this.fileSystems = new Set();
    for (const input of [controls.fs, controls.severity, controls.text]) {
      input.addEventListener('input', () => this.render());
    }
    controls.pause.addEventListener('change', () => {
      if (!controls.pause.checked) { this.take(this.pending); this.pending = []; }
      this.render();
    });
  }

  /** A traps event: {next, missed, traps:[...]}, oldest first. */
  add(event) {
    const fresh = event.traps.filter((t) => !this.seen.has(t.seq));
    if (event.missed > 0 || fresh.length > STORM_BATCH) this.stormNotice(event.missed, fresh);
    if (this.c.pause.checked) {
      this.pending.push(...fresh);
      this.c.pausedCount.textContent = `${this.pending.length} new while paused`;
      fresh.forEach((t) => this.seen.add(t.seq));
      return;
    }
    this.take(fresh);
    this.render();
  }

  take(traps) {
    for (const t of traps) {
      this.seen.add(t.seq);
      this.traps.push(t);
      if (!this.fileSystems.has(t.fs)) {
        this.fileSystems.add(t.fs);
        const o = el('option', '', t.fs);
        o.value = t.fs;
        this.c.fs.appendChild(o);
      }
    }
    if (this.traps.length > KEPT) {
      for (const t of this.traps.splice(0, this.traps.length - KEPT)) this.seen.delete(t.seq);
    }
    this.c.pausedCount.textContent = '';
  }

  stormNotice(missed, traps) {
    const counts = [0, 0, 0, 0];
    traps.forEach((t) => counts[t.category]++);
    const parts = SEVERITIES.map((s, i) => counts[i] ? `${counts[i]} ${s}` : '').filter((s) => s);
    const total = traps.length + missed;
    this.storm.textContent = `Storm at ${time(Date.now() / 1000 | 0)}: ${total} traps at once`
      + (parts.length ? ` (${parts.join(', ')}${missed ? `, ${missed} more not shown` : ''})` : '')
      + `; the newest ${Math.min(SHOWN, traps.length)} are listed.`;
    this.storm.hidden = false;
  }

  matches(t) {
    const fs = this.c.fs.value;
    const text = this.c.text.value.trim().toLowerCase();
    return (!fs || t.fs === fs) && t.category >= Number(this.c.severity.value)
      && (!text || `${t.node} ${t.message} ${t.id} ${t.fs}`.toLowerCase().includes(text));
  }

  render() {
    const rows = [];
    for (let i = this.traps.length - 1; i >= 0 && rows.length < SHOWN; i--) {
      const t = this.traps[i];
      if (!this.matches(t)) continue;
      const tr = el('tr', 'sev-' + t.severity);
      tr.dataset.seq = String(t.seq);
      tr.dataset.id = t.id;
      tr.append(el('td', 'time', time(t.time)), el('td', 'sev', t.severity), el('td', 'fs', t.fs),
        el('td', 'node', t.node), el('td', 'message', t.message));
      tr.title = 'from ' + t.collector + ', id ' + t.id;
      rows.push(tr);
    }
    this.body.replaceChildren(...rows);
  }
}
