// What happens to a registration: created (pending, or waitlisted past the capacity), confirmed
// (double opt-in: a button on the manage page, or the first successful join with the personal
// link), cancelled (the oldest waitlisted person moves up), re-linked (the old join link stops
// working), erased. Every mail it causes is queued in the same breath, through `mailTo`.
import { randomUUID } from 'node:crypto';
import { newId } from '../accounts/tokens';
import type { Clock } from '../calls/clock';
import { callPagePath } from '../schedule/pages';
import { callToIcs } from '../schedule/ics';
import type { CallRecord, Store } from '../store/store';
import { joinTokenHash, manageLink, manageTokenHash, registrationJoinLink, type LinkKeys } from './links';
import type { MailStore } from './mail-store';
import { renderMail, type MailKind } from './mail-templates';
import { PENDING_HOLD_MS, type Registration, type RegistrationStatus, type RegistrationStore } from './registration-store';

export interface RegistrationDeps {
  store: Store;
  regs: RegistrationStore;
  mail: MailStore;
  keys: LinkKeys;
  clock: Clock;
}

export interface RegisterInput {
  callId: string;
  name: string;
  email: string;
  orgId: string | null;
  answers: Record<string, string>;
  /** Cover every call of the call's series. */
  series: boolean;
}

export class Registrations {
  constructor(private readonly d: RegistrationDeps) {}

  /** The registration's links for one call (a series registration joins each call of it). */
  links(r: Registration, call: CallRecord) {
    return {
      joinLink: registrationJoinLink(this.d.keys, call.id, r.id, r.linkVersion),
      manageLink: manageLink(this.d.keys, r.id),
      pageLink: `${this.d.keys.publicUrl}${callPagePath(call)}`,
    };
  }

  /**
   * Queues one mail to the registrant about `call`. `dedupe` names it (the same key never queues
   * twice); by default each mail is unique.
   */
  mailTo(r: Registration, call: CallRecord, kind: MailKind, opts: { dedupe?: string; minutesBefore?: number; ics?: boolean } = {}): boolean {
    const links = this.links(r, call);
    const rendered = renderMail(kind, { call, name: r.name, ...links, ...(opts.minutesBefore !== undefined ? { minutesBefore: opts.minutesBefore } : {}) });
    const now = this.d.clock.now();
    const id = newId();
    const host = new URL(this.d.keys.publicUrl).hostname;
    const ics =
      opts.ics && call.schedule.startsAt !== null
        ? callToIcs(call, { joinUrl: links.joinLink, pageUrl: links.pageLink, host: new URL(this.d.keys.publicUrl).host, now: call.createdAt })
        : null;
    return this.d.mail.enqueue({
      id,
      dedupe: opts.dedupe ?? `${kind}:${r.id}:${randomUUID()}`,
      registrationId: r.id,
      callId: call.id,
      kind,
      toAddress: r.email,
      subject: rendered.subject,
      textBody: rendered.text,
      htmlBody: rendered.html,
      ics,
      messageId: `<${id}@${host}>`,
      dueAt: now,
      createdAt: now,
    });
  }

  register(input: RegisterInput): { registration: Registration; status: 'pending' | 'waitlisted' } {
    const { regs } = this.d;
    const call = this.d.store.getCall(input.callId)!;
    const settings = regs.settings(input.callId);
    const now = this.d.clock.now();
    return regs.transaction(() => {
      const full = settings.capacity !== null && regs.placesTaken(input.callId, now) >= settings.capacity;
      const id = newId();
      const registration: Omit<Registration, 'device' | 'identity' | 'cancelledAt'> = {
        id,
        callId: input.callId,
        seriesId: input.series ? settings.seriesId : null,
        name: input.name,
        email: input.email,
        orgId: input.orgId,
        answers: input.answers,
        status: full ? 'waitlisted' : 'pending',
        tokenHash: joinTokenHash(this.d.keys, id, 1),
        manageHash: manageTokenHash(this.d.keys, id),
        linkVersion: 1,
        createdAt: now,
        confirmedAt: null,
      };
      regs.createRegistration(registration);
      const stored = regs.registration(id)!;
      this.mailTo(stored, call, full ? 'waitlisted' : 'confirmation', { ics: !full, dedupe: `${full ? 'waitlisted' : 'confirmation'}:${id}` });
      return { registration: stored, status: full ? 'waitlisted' : 'pending' };
    });
  }

  /**
   * Confirms a pending registration. One that let its hold lapse (PENDING_HOLD_MS) gets its place
   * back only if one is free; otherwise it joins the end of the waitlist.
   */
  confirm(r: Registration): RegistrationStatus {
    if (r.status !== 'pending') return r.status;
    const { regs } = this.d;
    const now = this.d.clock.now();
    return regs.transaction(() => {
      const { capacity } = regs.settings(r.callId);
      const lapsed = r.createdAt <= now - PENDING_HOLD_MS;
      const status = lapsed && capacity !== null && regs.placesTaken(r.callId, now) >= capacity ? 'waitlisted' : 'confirmed';
      regs.setStatus(r.id, status, now);
      return status;
    });
  }

  /** Cancels and, if that freed a place, moves the oldest waitlisted registration up (and mails them). */
  cancel(r: Registration): void {
    const { regs } = this.d;
    regs.transaction(() => {
      if (!regs.cancel(r.id, this.d.clock.now())) return;
      if (r.status !== 'waitlisted') this.promote(r.callId);
    });
  }

  /** Fills free places from the waitlist, oldest first (a cancellation, or a larger capacity). */
  promote(callId: string): number {
    const { regs } = this.d;
    const call = this.d.store.getCall(callId);
    if (!call || call.endedAt !== null) return 0;
    const { capacity } = regs.settings(callId);
    let moved = 0;
    for (;;) {
      if (capacity !== null && regs.placesTaken(callId, this.d.clock.now()) >= capacity) return moved;
      const next = regs.nextWaitlisted(callId);
      if (!next) return moved;
      // Moving up is their confirmation: they asked for the place when they registered.
      regs.setStatus(next.id, 'confirmed', this.d.clock.now());
      this.mailTo(regs.registration(next.id)!, call, 'promoted', { ics: true, dedupe: `promoted:${next.id}` });
      moved++;
    }
  }

  /** A new join link; the old one stops working at once and the browser binding is released. */
  relink(r: Registration): Registration {
    const version = r.linkVersion + 1;
    this.d.regs.relink(r.id, joinTokenHash(this.d.keys, r.id, version), version);
    const fresh = this.d.regs.registration(r.id)!;
    const call = this.d.store.getCall(r.callId)!;
    this.mailTo(fresh, call, 'link_resent', { ics: true });
    return fresh;
  }
}
