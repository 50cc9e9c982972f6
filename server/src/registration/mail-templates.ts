// What each mail says, as text and HTML (both parts in every mail). Every link is absolute (from
// PUBLIC_URL), so it works from any mail client; HTML escapes every value (names are people's).
import { html, type SafeHtml } from '../schedule/html';
import { announcedTime } from '../schedule/pages';
import type { CallRecord } from '../store/store';

export const MAIL_KINDS = ['confirmation', 'waitlisted', 'promoted', 'reminder', 'live', 'follow_up', 'time_changed', 'call_cancelled', 'link_resent'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export interface MailContext {
  call: CallRecord;
  name: string;
  joinLink: string;
  manageLink: string;
  pageLink: string;
  /** For reminders: minutes before the start. */
  minutesBefore?: number;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const inWords = (minutes: number) =>
  minutes % 1440 === 0 ? `${minutes / 1440} day${minutes === 1440 ? '' : 's'}` : minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? '' : 's'}` : `${minutes} minutes`;

interface Parts {
  subject: string;
  lead: string;
  /** Whether the mail offers the personal join link. */
  join: boolean;
}

function parts(kind: MailKind, c: MailContext): Parts {
  const title = c.call.title;
  switch (kind) {
    case 'confirmation':
      return { subject: `You are registered: ${title}`, lead: `You are registered for ${title}. Confirm on your registration page that you will come; your personal link below lets you in (it is yours alone: the first browser that joins with it keeps it).`, join: true };
    case 'waitlisted':
      return { subject: `On the waitlist: ${title}`, lead: `${title} is full, so you are on the waitlist. We will mail you your personal link as soon as a place frees up.`, join: false };
    case 'promoted':
      return { subject: `A place freed up: ${title}`, lead: `A place freed up and it is yours: you are registered for ${title}.`, join: true };
    case 'reminder':
      return { subject: `In ${inWords(c.minutesBefore ?? 60)}: ${title}`, lead: `A reminder: ${title} starts in ${inWords(c.minutesBefore ?? 60)}.`, join: true };
    case 'live':
      return { subject: `We are live: ${title}`, lead: `The doors of ${title} are open. Come in with your personal link.`, join: true };
    case 'follow_up':
      return { subject: `Thank you for coming: ${title}`, lead: `Thank you for taking part in ${title}. The call's page keeps what comes next.`, join: false };
    case 'time_changed':
      return { subject: `New time: ${title}`, lead: `${title} has moved. Your registration and your personal link still hold.`, join: true };
    case 'call_cancelled':
      return { subject: `Cancelled: ${title}`, lead: `${title} has been cancelled. We are sorry for the change of plans.`, join: false };
    case 'link_resent':
      return { subject: `Your new link: ${title}`, lead: `Here is your new personal link for ${title}. The link we sent before no longer works.`, join: true };
  }
}

export function renderMail(kind: MailKind, c: MailContext): RenderedMail {
  const p = parts(kind, c);
  const when = announcedTime(c.call);
  const text = [
    `Hello ${c.name},`,
    '',
    p.lead,
    '',
    `When: ${when}`,
    ...(p.join ? ['', `Your personal link: ${c.joinLink}`] : []),
    '',
    `The call's page: ${c.pageLink}`,
    `Change or cancel your registration: ${c.manageLink}`,
  ].join('\n');
  const body: SafeHtml = html`<!doctype html><html lang="en"><body style="font-family: sans-serif; line-height: 1.5">
<p>Hello ${c.name},</p>
<p>${p.lead}</p>
<p><strong>When:</strong> ${when}</p>
${p.join ? html`<p><a href="${c.joinLink}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#fff;border-radius:6px;text-decoration:none">Join the call</a></p><p style="font-size: 90%">Or copy this link: ${c.joinLink}</p>` : ''}
<p><a href="${c.pageLink}">The call's page</a> · <a href="${c.manageLink}">Change or cancel your registration</a></p>
</body></html>`;
  return { subject: p.subject, text, html: body.value };
}
