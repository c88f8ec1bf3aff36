// Traps per minute by severity, stacked bars in plain SVG.
const NS = 'http://www.w3.org/2000/svg';
export const SEVERITY_COLOURS = { INFO: '#5b8def', WARNING: '#e3a008', CRITICAL: '#d62828', FATAL: '#6b0f1a' };
const ORDER = ['INFO', 'WARNING', 'CRITICAL', 'FATAL'];

function node(tag, attrs, text) {
  const n = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = text;
  return n;
}

export function drawChart(container, perMinute) {
  const minutes = perMinute.INFO.length;
  const totals = [];
  for (let m = 0; m < minutes; m++) totals.push(ORDER.reduce((s, k) => s + perMinute[k][m], 0));
  const max = Math.max(1, ...totals);
  const width = minutes * 2;
  const height = 120;
  const svg = node('svg', { viewBox: `0 0 ${width + 40} ${height + 16}`, preserveAspectRatio: 'none',
    role: 'img', 'aria-label': 'traps per minute' });
  for (let m = 0; m < minutes; m++) {
    let y = height;
    for (const k of ORDER) {
      const v = perMinute[k][m];
      if (v === 0) continue;
      const h = v * height / max;
      y -= h;
      const r = node('rect', { x: m * 2, y, width: 2, height: h, fill: SEVERITY_COLOURS[k] });
      r.appendChild(node('title', {}, `${minutes - m - 1} min ago: ${v} ${k}`));
      svg.appendChild(r);
    }
  }
  svg.appendChild(node('line', { x1: 0, y1: height, x2: width, y2: height, stroke: '#bbb' }));
  svg.appendChild(node('text', { x: width + 4, y: 10 }, String(max) + '/min'));
  svg.appendChild(node('text', { x: 0, y: height + 12 }, '6 h ago'));
  svg.appendChild(node('text', { x: width / 2 - 12, y: height + 12 }, '3 h ago'));
  svg.appendChild(node('text', { x: width - 16, y: height + 12 }, 'now'));
  container.replaceChildren(svg);
}
