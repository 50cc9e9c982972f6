// The public side of registration, rendered on the server like the rest of the schedule (works
// without JavaScript): the form on a call's page, the answer after registering, and each
// registrant's own page (confirm, change, cancel, get the link again). Opening any of these pages
// changes nothing: mail scanners fetch links, so every change is a button (POST).
import type { MemberOrg, Question, Registration } from '../registration/registration-store';
import type { CallRecord } from '../store/store';
import { html, type SafeHtml } from './html';
import { announcedTime, callPagePath, layout, type PageContext } from './pages';

export interface FormState {
  values: { name?: string; email?: string; org?: string; series?: boolean; answers?: Record<string, string> };
  errors: string[];
}

export interface RegistrationOffer {
  members: boolean;
  open: boolean;
  orgs: MemberOrg[];
  questions: Question[];
  seriesName: string | null;
  full: boolean;
}

export function registrationForm(call: CallRecord, offer: RegistrationOffer, state: FormState = { values: {}, errors: [] }): SafeHtml {
  const v = state.values;
  const intro = offer.members
    ? 'This call is for registered members: register to receive your personal link. The public link does not let you in.'
    : 'Register to get a reminder and your personal link. You can also come without registering.';
  if (!offer.open) return html`<section class="register" aria-labelledby="register-title"><h2 id="register-title">Registration</h2><p>Registration for this call is closed.</p></section>`;
  return html`<section class="register" aria-labelledby="register-title">
<h2 id="register-title">Register</h2>
<p>${intro}${offer.full ? ' The call is full: you will be on the waitlist, and we mail you when a place frees up.' : ''}</p>
${state.errors.length ? html`<div class="notice error" role="alert" data-testid="register-errors"><p>Please fix:</p><ul class="errors">${state.errors.map((e) => html`<li>${e}</li>`)}</ul></div>` : ''}
<form method="post" action="${callPagePath(call)}/register" data-testid="register-form">
<div class="field"><label for="reg-name">Your name</label><input id="reg-name" name="name" type="text" required maxlength="80" autocomplete="name" value="${v.name ?? ''}"></div>
<div class="field"><label for="reg-email">Email</label><input id="reg-email" name="email" type="email" required maxlength="254" autocomplete="email" value="${v.email ?? ''}"><span class="hint">Your personal link and reminders go here. Nothing else.</span></div>
${
  offer.orgs.length
    ? html`<div class="field"><label for="reg-org">Member organization (optional)</label><select id="reg-org" name="org"><option value="">None</option>${offer.orgs.map(
        (o) => html`<option value="${o.id}"${v.org === o.id ? html` selected` : ''}>${o.name}</option>`,
      )}</select></div>`
    : ''
}
${offer.questions.map(
  (q) =>
    html`<div class="field"><label for="reg-q-${q.id}">${q.label}${q.required ? '' : ' (optional)'}</label><input id="reg-q-${q.id}" name="q_${q.id}" type="text" maxlength="500"${q.required ? html` required` : ''} value="${v.answers?.[q.id] ?? ''}"></div>`,
)}
${offer.seriesName ? html`<p class="check"><input id="reg-series" name="series" type="checkbox" value="1"${v.series ? html` checked` : ''}><label for="reg-series">Register for every call of ${offer.seriesName}</label></p>` : ''}
<button type="submit" class="button primary" data-testid="register-submit">Register</button>
</form>
</section>`;
}

export function registeredPage(ctx: PageContext, call: CallRecord, status: 'pending' | 'waitlisted'): string {
  const body = html`<article class="call"><h1>Check your email</h1>
<p class="notice" role="status" data-testid="registered" data-status="${status}">${
    status === 'waitlisted'
      ? html`The call is full: you are on the waitlist for <strong>${call.title}</strong>. We mailed you; you will hear from us as soon as a place frees up.`
      : html`We mailed you your personal link for <strong>${call.title}</strong>. Open the mail and confirm that you will come.`
  }</p>
<p><a href="${callPagePath(call)}">Back to the call's page</a></p></article>`;
  return layout(ctx, { title: `Registered: ${call.title}`, description: `Registration for ${call.title}`, path: callPagePath(call), type: 'website', body });
}

const STATUS_TEXT: Record<Registration['status'], string> = {
  pending: 'Registered: please confirm that you will come.',
  confirmed: 'Confirmed: see you there.',
  waitlisted: 'On the waitlist: we mail you when a place frees up.',
  cancelled: 'Cancelled.',
};

export function managePage(ctx: PageContext, call: CallRecord, r: Registration, action: string, opts: { org: string | null; orgs: MemberOrg[]; done?: string }): string {
  const live = r.status !== 'cancelled' && call.endedAt === null;
  const button = (to: string, label: string, testid: string, primary = false) =>
    html`<form method="post" action="${action}/${to}" class="inline"><button type="submit" class="button${primary ? ' primary' : ''}" data-testid="${testid}">${label}</button></form>`;
  const body = html`<article class="call"><h1>Your registration</h1>
<p><strong>${call.title}</strong><br>${announcedTime(call)}</p>
${opts.done ? html`<p class="notice" role="status" data-testid="manage-done">${opts.done}</p>` : ''}
<p data-testid="registration-status" data-status="${r.status}">${STATUS_TEXT[r.status]}</p>
<dl><dt>Name</dt><dd>${r.name}</dd><dt>Email</dt><dd>${r.email}</dd>${opts.org ? html`<dt>Member organization</dt><dd>${opts.org}</dd>` : ''}</dl>
${
  live
    ? html`<p class="actions">${r.status === 'pending' ? button('confirm', 'Confirm that I will come', 'confirm', true) : ''}
${r.status !== 'waitlisted' ? button('resend', 'Mail me a new personal link', 'resend') : ''}
${button('cancel', 'Cancel my registration', 'cancel')}</p>
<form method="post" action="${action}/change" class="register"><h2>Change your registration</h2>
<div class="field"><label for="change-name">Name</label><input id="change-name" name="name" type="text" required maxlength="80" value="${r.name}"></div>
${
  opts.orgs.length
    ? html`<div class="field"><label for="change-org">Member organization</label><select id="change-org" name="org"><option value="">None</option>${opts.orgs.map(
        (o) => html`<option value="${o.id}"${r.orgId === o.id ? html` selected` : ''}>${o.name}</option>`,
      )}</select></div>`
    : ''
}
<button type="submit" class="button" data-testid="change-save">Save</button></form>`
    : ''
}
<p><a href="${callPagePath(call)}">The call's page</a></p></article>`;
  return layout(ctx, { title: `Your registration: ${call.title}`, description: 'Your registration', path: callPagePath(call), type: 'website', body });
}

export function cancelConfirmPage(ctx: PageContext, call: CallRecord, action: string): string {
  const body = html`<article class="call"><h1>Cancel your registration?</h1><p>For <strong>${call.title}</strong>, ${announcedTime(call)}.</p>
<form method="post" action="${action}"><button type="submit" class="button primary" data-testid="cancel-confirm">Yes, cancel it</button></form></article>`;
  return layout(ctx, { title: `Cancel: ${call.title}`, description: 'Cancel your registration', path: callPagePath(call), type: 'website', body });
}

export function simplePage(ctx: PageContext, title: string, message: string, status = 'error'): string {
  return layout(ctx, { title, description: title, path: '/', type: 'website', body: html`<h1>${title}</h1><p class="notice ${status}" role="alert">${message}</p><p><a href="/">See upcoming calls</a></p>` });
}
