// The target map of one filesystem: one small tile per target on a canvas, coloured by its state.
import { el, kibibytes } from './format.js';

export const TILE_COLOURS = { R: '#2e9e44', N: '#d62828', D: '#8a8f98', L: '#f28c28' };
export const STATE_NAMES = { R: 'responding', N: 'not responding', D: 'deactivated', L: 'low on space' };
const TILE = 7;
const GAP = 1;
const STEP = TILE + GAP;
const COLUMNS = 40;

export class TileMap {
  constructor(tip, details) {
    this.canvas = el('canvas', 'tiles');
    this.canvas.setAttribute('role', 'img');
    this.tip = tip;
    this.details = details;
    this.names = [];
    this.states = '';
    this.canvas.addEventListener('mousemove', (e) => this.hover(e));
    this.canvas.addEventListener('mouseleave', () => { this.tip.hidden = true; });
    this.canvas.addEventListener('click', (e) => this.click(e));
  }

  update(names, states) {
    if (names !== this.names && (names.length !== this.names.length || names.some((n, i) => n !== this.names[i]))) {
      this.names = names;
      this.states = null;
    }
    if (states === this.states) return;
    const rows = Math.max(1, Math.ceil(names.length / COLUMNS));
    const ratio = window.devicePixelRatio || 1;
    const width = COLUMNS * STEP;
    const height = rows * STEP;
    if (this.canvas.width !== width * ratio || this.canvas.height !== height * ratio) {
      this.canvas.width = width * ratio;
      this.canvas.height = height * ratio;
      this.canvas.style.width = width + 'px';
      this.canvas.style.height = height + 'px';
    }
    const g = this.canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    for (let i = 0; i < names.length; i++) {
      g.fillStyle = TILE_COLOURS[states[i]] || '#ccc';
      g.fillRect((i % COLUMNS) * STEP, Math.floor(i / COLUMNS) * STEP, TILE, TILE);
    }
    this.states = states;
    this.canvas.setAttribute('aria-label', `${names.length} targets`);
  }

  indexAt(e) {
    const r = this.canvas.getBoundingClientRect();
    const col = Math.floor((e.clientX - r.left) / STEP);
    const row = Math.floor((e.clientY - r.top) / STEP);
    const i = row * COLUMNS + col;
    return col >= 0 && col < COLUMNS && i >= 0 && i < this.names.length ? i : -1;
  }

  hover(e) {
    const i = this.indexAt(e);
    if (i < 0) { this.tip.hidden = true; return; }
    this.tip.textContent = `${this.names[i]}: ${STATE_NAMES[this.states[i]] || 'unknown'}\n(click for details)`;
    this.tip.style.left = (e.clientX + 12) + 'px';
    this.tip.style.top = (e.clientY + 12) + 'px';
    this.tip.hidden = false;
  }

  async click(e) {
    const i = this.indexAt(e);
    if (i < 0) return;
    const name = this.names[i];
    this.details.hidden = false;
    this.details.textContent = name + ': asking the collector…';
    try {
      const res = await fetch('api/node?name=' + encodeURIComponent(name));
      if (!res.ok) throw new Error('HTTP ' + res.status);
      const n = await res.json();
      const lines = [`${n.name} (${n.type}, ${n.filesystem})`, `state ${n.state}, responding ${n.responding}`,
        `space ${kibibytes(n.kbytesavail)} available of ${kibibytes(n.kbytestotal)}`,
        `nid ${n.nid || 'unknown'}`, `seen by ${n.collector}`];
      if (n.error) lines.push('error: ' + n.error);
      this.details.textContent = lines.join('\n');
    } catch (err) {
      this.details.textContent = `${name}: no details (${err.message})`;
    }
  }

  /** The colour drawn for a target, read back from the canvas: "rgb(r,g,b)" (for tests and checks). */
  colourOf(name) {
    const i = this.names.indexOf(name);
    if (i < 0) return null;
    const ratio = window.devicePixelRatio || 1;
    const x = Math.floor(((i % COLUMNS) * STEP + TILE / 2) * ratio);
    const y = Math.floor((Math.floor(i / COLUMNS) * STEP + TILE / 2) * ratio);
    const d = this.canvas.getContext('2d').getImageData(x, y, 1, 1).data;
    return `rgb(${d[0]},${d[1]},${d[2]})`;
  }
}
