// The fan-out plot: p99 (ms) against N for Caucus and the bare `ws` baseline, plus the 1.3 x
// baseline target line. Plain SVG, no dependencies; written by bench/run.ts after each run.
export interface FanoutPoint {
  n: number;
  p99_ms: number;
  baseline_p99_ms: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function niceMax(v: number): number {
  const pow = 10 ** Math.floor(Math.log10(Math.max(v, 1)));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * pow >= v) return m * pow;
  return 10 * pow;
}

export function fanoutSvg(points: FanoutPoint[], subtitle: string): string {
  const W = 640;
  const H = 400;
  const pad = { left: 64, right: 24, top: 56, bottom: 56 };
  const xs = points.map((p) => p.n);
  const xMax = Math.max(...xs);
  const yMax = niceMax(Math.max(...points.flatMap((p) => [p.p99_ms, p.baseline_p99_ms * 1.3])) * 1.05);
  const x = (n: number) => pad.left + (n / xMax) * (W - pad.left - pad.right);
  const y = (ms: number) => H - pad.bottom - (ms / yMax) * (H - pad.top - pad.bottom);
  const line = (f: (p: FanoutPoint) => number) => points.map((p, i) => `${i ? 'L' : 'M'}${x(p.n).toFixed(1)},${y(f(p)).toFixed(1)}`).join(' ');
  const dots = (f: (p: FanoutPoint) => number, color: string) =>
    points.map((p) => `<circle cx="${x(p.n).toFixed(1)}" cy="${y(f(p)).toFixed(1)}" r="3.5" fill="${color}"><title>N=${p.n}: ${f(p).toFixed(1)} ms</title></circle>`).join('');
  const yTicks = Array.from({ length: 6 }, (_, i) => (yMax / 5) * i);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${pad.left}" y="22" font-size="15" font-weight="600">Fan-out p99: a queue change until the last of N clients applied it</text>`);
  out.push(`<text x="${pad.left}" y="40" fill="#555">${esc(subtitle)}</text>`);
  for (const t of yTicks) {
    out.push(`<line x1="${pad.left}" x2="${W - pad.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${pad.left - 8}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" fill="#333">${Math.round(t)}</text>`);
  }
  for (const n of xs) {
    out.push(`<line x1="${x(n).toFixed(1)}" x2="${x(n).toFixed(1)}" y1="${H - pad.bottom}" y2="${H - pad.bottom + 5}" stroke="#333"/>`);
    out.push(`<text x="${x(n).toFixed(1)}" y="${H - pad.bottom + 18}" text-anchor="middle" fill="#333">${n}</text>`);
  }
  out.push(`<line x1="${pad.left}" x2="${W - pad.right}" y1="${H - pad.bottom}" y2="${H - pad.bottom}" stroke="#333"/>`);
  out.push(`<line x1="${pad.left}" x2="${pad.left}" y1="${pad.top}" y2="${H - pad.bottom}" stroke="#333"/>`);
  out.push(`<text x="${(pad.left + W - pad.right) / 2}" y="${H - 14}" text-anchor="middle">N connected clients</text>`);
  out.push(`<text transform="translate(16 ${(pad.top + H - pad.bottom) / 2}) rotate(-90)" text-anchor="middle">p99 latency (ms)</text>`);
  out.push(`<path d="${line((p) => p.baseline_p99_ms * 1.3)}" fill="none" stroke="#999" stroke-width="1.5" stroke-dasharray="5 4"/>`);
  out.push(`<path d="${line((p) => p.baseline_p99_ms)}" fill="none" stroke="#2b6cb0" stroke-width="2"/>`);
  out.push(dots((p) => p.baseline_p99_ms, '#2b6cb0'));
  out.push(`<path d="${line((p) => p.p99_ms)}" fill="none" stroke="#c05621" stroke-width="2"/>`);
  out.push(dots((p) => p.p99_ms, '#c05621'));
  const legend: [string, string, string][] = [
    ['#c05621', '', 'Caucus'],
    ['#2b6cb0', '', 'bare ws baseline'],
    ['#999', '5 4', 'target: 1.3 x baseline'],
  ];
  legend.forEach(([color, dash, label], i) => {
    const ly = pad.top + 8 + i * 18;
    out.push(`<line x1="${pad.left + 14}" x2="${pad.left + 40}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2" ${dash ? `stroke-dasharray="${dash}"` : ''}/>`);
    out.push(`<text x="${pad.left + 46}" y="${ly + 4}">${label}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
