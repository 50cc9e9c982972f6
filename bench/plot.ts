// The fan-out plot: p99 (ms) against N for Caucus and the bare `ws` baseline, with the target
// line (the baseline's p99 times the target ratio), in two panels: the server side (a command's
// frame received to the last socket write) and end to end (to the last of N clients). Plain SVG,
// no dependencies; written by bench/run.ts after each run.
import { FANOUT_TARGETS } from './lib/report';

export interface FanoutPoint {
  n: number;
  p99_ms: number;
  baseline_p99_ms: number;
  server: { p99_ms: number; baseline_p99_ms: number } | null;
}

interface Series {
  n: number;
  caucus: number;
  baseline: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function niceMax(v: number): number {
  const pow = 10 ** Math.floor(Math.log10(Math.max(v, 1e-3)));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * pow >= v) return m * pow;
  return 10 * pow;
}

const tick = (t: number) => (t >= 10 ? String(Math.round(t)) : String(Math.round(t * 10) / 10));

/** One panel at (left, top) of size w x h: axes, ticks, the baseline, Caucus and the target line. */
function panel(points: Series[], target: number, title: string, box: { left: number; top: number; w: number; h: number }): string[] {
  const pad = { left: 52, right: 12, top: 28, bottom: 44 };
  const x0 = box.left + pad.left;
  const x1 = box.left + box.w - pad.right;
  const y0 = box.top + box.h - pad.bottom;
  const y1 = box.top + pad.top;
  const xMax = Math.max(...points.map((p) => p.n));
  const yMax = niceMax(Math.max(...points.flatMap((p) => [p.caucus, p.baseline * target])) * 1.05);
  const x = (n: number) => x0 + (n / xMax) * (x1 - x0);
  const y = (ms: number) => y0 - (ms / yMax) * (y0 - y1);
  const line = (f: (p: Series) => number) => points.map((p, i) => `${i ? 'L' : 'M'}${x(p.n).toFixed(1)},${y(f(p)).toFixed(1)}`).join(' ');
  const dots = (f: (p: Series) => number, color: string) =>
    points.map((p) => `<circle cx="${x(p.n).toFixed(1)}" cy="${y(f(p)).toFixed(1)}" r="3.5" fill="${color}"><title>N=${p.n}: ${f(p).toFixed(1)} ms</title></circle>`).join('');
  const out: string[] = [];
  out.push(`<text x="${x0}" y="${box.top + 14}" font-size="13" font-weight="600">${esc(title)}</text>`);
  for (let i = 0; i <= 5; i++) {
    const t = (yMax / 5) * i;
    out.push(`<line x1="${x0}" x2="${x1}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${x0 - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" fill="#333">${tick(t)}</text>`);
  }
  for (const p of points) {
    out.push(`<line x1="${x(p.n).toFixed(1)}" x2="${x(p.n).toFixed(1)}" y1="${y0}" y2="${y0 + 5}" stroke="#333"/>`);
    out.push(`<text x="${x(p.n).toFixed(1)}" y="${y0 + 18}" text-anchor="middle" fill="#333">${p.n}</text>`);
  }
  out.push(`<line x1="${x0}" x2="${x1}" y1="${y0}" y2="${y0}" stroke="#333"/>`, `<line x1="${x0}" x2="${x0}" y1="${y1}" y2="${y0}" stroke="#333"/>`);
  out.push(`<text x="${(x0 + x1) / 2}" y="${y0 + 36}" text-anchor="middle">N connected clients</text>`);
  out.push(`<text transform="translate(${box.left + 14} ${(y0 + y1) / 2}) rotate(-90)" text-anchor="middle">p99 (ms)</text>`);
  out.push(`<path d="${line((p) => p.baseline * target)}" fill="none" stroke="#999" stroke-width="1.5" stroke-dasharray="5 4"/>`);
  out.push(`<path d="${line((p) => p.baseline)}" fill="none" stroke="#2b6cb0" stroke-width="2"/>`, dots((p) => p.baseline, '#2b6cb0'));
  out.push(`<path d="${line((p) => p.caucus)}" fill="none" stroke="#c05621" stroke-width="2"/>`, dots((p) => p.caucus, '#c05621'));
  const legend: [string, string, string][] = [
    ['#c05621', '', 'Caucus'],
    ['#2b6cb0', '', 'bare ws baseline'],
    ['#999', '5 4', `target: ${target} x baseline`],
  ];
  legend.forEach(([color, dash, label], i) => {
    const ly = y1 + 8 + i * 17;
    out.push(`<line x1="${x0 + 10}" x2="${x0 + 34}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2" ${dash ? `stroke-dasharray="${dash}"` : ''}/>`);
    out.push(`<text x="${x0 + 40}" y="${ly + 4}">${label}</text>`);
  });
  return out;
}

export function fanoutSvg(points: FanoutPoint[], subtitle: string): string {
  const server = points.flatMap((p) => (p.server ? [{ n: p.n, caucus: p.server.p99_ms, baseline: p.server.baseline_p99_ms }] : []));
  const endToEnd = points.map((p) => ({ n: p.n, caucus: p.p99_ms, baseline: p.baseline_p99_ms }));
  const panelW = 420;
  const W = server.length ? panelW * 2 : panelW;
  const H = 400;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="16" y="22" font-size="15" font-weight="600">Fan-out p99 of a queue change, Caucus against a bare ws broadcaster</text>`);
  out.push(`<text x="16" y="40" fill="#555">${esc(subtitle)}</text>`);
  const box = (i: number) => ({ left: i * panelW, top: 52, w: panelW, h: H - 52 });
  if (server.length) out.push(...panel(server, FANOUT_TARGETS.server_ratio_p99, 'Server: command in to last socket write', box(0)));
  out.push(...panel(endToEnd, FANOUT_TARGETS.ratio_p99, 'End to end: until the last of N clients has it', box(server.length ? 1 : 0)));
  out.push('</svg>');
  return out.join('\n') + '\n';
}
