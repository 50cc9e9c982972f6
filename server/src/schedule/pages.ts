// Server-rendered public pages: the schedule (home page) and one page per public call. They work
// without JavaScript and carry their title, description and time in meta tags, because people
// share them on social media; /schedule.js only adds the visitor's local time and a countdown.
import { inviteFromStored } from '../calls/participant-links';
import type { CallRecord } from '../store/store';
import { html, type SafeHtml } from './html';

export interface PageContext {
  publicUrl: string;
  now: number;
  /** The participant link's key: a public call's invite is derived from it (calls/participant-links.ts). */
  linkKey: Buffer;
}

/** The start time as announced, in the call's own time zone (the no-JavaScript fallback). */
export function announcedTime(call: CallRecord): string {
  const { startsAt, timeZone } = call.schedule;
  if (startsAt === null) return 'Not scheduled';
  return new Intl.DateTimeFormat('en-US', {
    timeZone: timeZone ?? 'UTC',
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(startsAt));
}

export const callPagePath = (call: CallRecord) => `/calls/${encodeURIComponent(call.id)}`;
export function joinLink(ctx: PageContext, call: CallRecord): string | null {
  const invite = inviteFromStored(ctx.linkKey, call.id, call.publicInvite);
  return invite ? `${ctx.publicUrl}/c/${encodeURIComponent(call.id)}?invite=${encodeURIComponent(invite)}` : null;
}

function summary(call: CallRecord): string {
  const speakers = call.schedule.speakers.map((s) => s.name).join(', ');
  const lead = call.schedule.description || (speakers ? `With ${speakers}.` : 'A moderated coalition call.');
  return `${announcedTime(call)}. ${lead}`.slice(0, 300);
}

function layout(ctx: PageContext, opts: { title: string; description: string; path: string; type: string; body: SafeHtml }): string {
  const url = `${ctx.publicUrl}${opts.path}`;
  return `<!doctype html>${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title}</title>
<meta name="description" content="${opts.description}">
<link rel="canonical" href="${url}">
<meta property="og:site_name" content="Caucus">
<meta property="og:type" content="${opts.type}">
<meta property="og:title" content="${opts.title}">
<meta property="og:description" content="${opts.description}">
<meta property="og:url" content="${url}">
<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="${opts.title}">
<meta name="twitter:description" content="${opts.description}">
<link rel="stylesheet" href="/schedule.css">
<script src="/schedule.js" defer></script>
</head>
<body>
<header class="site"><a href="/" class="brand">Caucus</a><span class="tagline">Moderated calls for coalitions</span></header>
<main id="main">${opts.body}</main>
<footer class="site">Everyone sympathetic is invited; trolls will be disconnected.</footer>
</body>
</html>`}`;
}

function when(call: CallRecord): SafeHtml {
  const iso = call.schedule.startsAt === null ? '' : new Date(call.schedule.startsAt).toISOString();
  return html`<time datetime="${iso}" data-local>${announcedTime(call)}</time>`;
}

function callCard(call: CallRecord, ctx: PageContext): SafeHtml {
  const started = call.schedule.startsAt !== null && call.schedule.startsAt <= ctx.now;
  return html`<li class="call-card">
<h3><a href="${callPagePath(call)}">${call.title}</a></h3>
<p class="when">${when(call)}${
    !started && call.schedule.startsAt !== null
      ? html` <span class="countdown" data-countdown="${new Date(call.schedule.startsAt).toISOString()}"></span>`
      : ''
  }</p>
${call.schedule.speakers.length ? html`<p class="speakers">With ${call.schedule.speakers.map((s) => s.name).join(', ')}</p>` : ''}
</li>`;
}

export function schedulePage(ctx: PageContext, upcoming: CallRecord[], recent: CallRecord[]): string {
  const body = html`<h1>Upcoming calls</h1>
${upcoming.length ? html`<ul class="calls" data-testid="upcoming">${upcoming.map((c) => callCard(c, ctx))}</ul>` : html`<p>No calls are announced yet.</p>`}
<h2>Recent calls</h2>
${recent.length ? html`<ul class="calls recent" data-testid="recent">${recent.map((c) => callCard(c, ctx))}</ul>` : html`<p>None yet.</p>`}`;
  const description = upcoming.length
    ? `Next: ${upcoming[0]!.title}, ${announcedTime(upcoming[0]!)}.`
    : 'National coalition calls, announced ahead. Everyone sympathetic is invited.';
  return layout(ctx, { title: 'Caucus: upcoming coalition calls', description, path: '/', type: 'website', body });
}

export function callPage(ctx: PageContext, call: CallRecord): string {
  const join = joinLink(ctx, call);
  const { startsAt, speakers, description } = call.schedule;
  const ended = call.endedAt !== null;
  const upcoming = startsAt !== null && startsAt > ctx.now && !ended;
  const body = html`<article class="call">
<h1>${call.title}</h1>
<p class="when">${when(call)}${upcoming ? html`<br><span class="countdown" data-countdown="${new Date(startsAt!).toISOString()}">starts later</span>` : ''}</p>
${description ? html`<div class="description">${description.split(/\n{2,}/).map((p) => html`<p>${p}</p>`)}</div>` : ''}
${
  speakers.length
    ? html`<section class="speakers"><h2>Guest speakers</h2><ul>${speakers.map(
        (s) => html`<li><strong>${s.name}</strong>${s.bio ? html`<p>${s.bio}</p>` : ''}</li>`,
      )}</ul></section>`
    : ''
}
<p class="actions">${
    ended
      ? html`<span class="ended">This call has ended.</span>`
      : join
        ? html`<a class="button primary" href="${join}" data-testid="join-link">Join the call</a>`
        : ''
  }
<a class="button" href="${callPagePath(call)}/calendar.ics" data-testid="ics-link">Add to calendar (.ics)</a></p>
</article>`;
  return layout(ctx, { title: call.title, description: summary(call), path: callPagePath(call), type: 'event', body });
}

export function notFoundPage(ctx: PageContext): string {
  return layout(ctx, {
    title: 'Call not found',
    description: 'This call is not on the public schedule.',
    path: '/',
    type: 'website',
    body: html`<h1>Call not found</h1><p>This call is not on the public schedule. <a href="/">See upcoming calls</a>.</p>`,
  });
}
