// Human units for the page: sizes from KiB, counts, times.
const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** "3.7 TiB" from a size in KiB; "unknown" for -1. */
export function kibibytes(kib) {
  if (kib < 0) return 'unknown';
  let value = kib * 1024;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) { value /= 1024; unit++; }
  return (value >= 100 || unit === 0 ? value.toFixed(0) : value.toFixed(1)) + ' ' + BYTE_UNITS[unit];
}

/** "12.3 M" style counts (inodes). */
export function count(n) {
  if (n < 0) return 'unknown';
  const units = ['', ' k', ' M', ' G', ' T'];
  let value = n;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit++; }
  return (unit === 0 || value >= 100 ? value.toFixed(0) : value.toFixed(1)) + units[unit];
}

/** Used share in per cent, 0-100, or null when unknown. */
export function usedPercent(total, free) {
  if (total <= 0 || free < 0) return null;
  return Math.max(0, Math.min(100, (total - free) * 100 / total));
}

export function time(epochSeconds) {
  const d = new Date(epochSeconds * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function duration(seconds) {
  if (seconds < 60) return seconds + ' s';
  if (seconds < 3600) return Math.floor(seconds / 60) + ' min';
  if (seconds < 86400) return Math.floor(seconds / 3600) + ' h ' + Math.floor((seconds % 3600) / 60) + ' min';
  return Math.floor(seconds / 86400) + ' d ' + Math.floor((seconds % 86400) / 3600) + ' h';
}

/** An element with text content only: collector text never becomes markup. */
export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}
