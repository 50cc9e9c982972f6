// Decides, on each pass of the mail queue, which call-wide mails have become due and queues them:
// reminders (each configured number of minutes before the start), "we are live" when the doors
// are open and someone is in, the follow-up once a call that took place has ended, a cancellation
// when it ended before anyone came, and "new time" when the start moved. Every mail has a dedupe
// key, so a pass that runs twice, or again after a restart, queues nothing twice.
import { presentCount } from '@caucus/shared';
import type { CallRegistry } from '../calls/registry';
import type { Store } from '../store/store';
import { ARRIVALS } from './attendance';
import type { MailStore } from './mail-store';
import type { Registration, RegistrationStore } from './registration-store';
import type { Registrations } from './registrations';

export interface SchedulerDeps {
  store: Store;
  regs: RegistrationStore;
  mail: MailStore;
  registrations: Registrations;
  calls: CallRegistry;
}

const receives = (r: Registration) => r.status === 'confirmed';

export function schedulePass(d: SchedulerDeps, now: number): void {
  for (const callId of d.regs.callsWithRegistration()) {
    const call = d.store.getCall(callId);
    if (!call) continue;
    const people = () => d.regs.ofCall(callId).filter(receives);
    // The mailing and its mails in one transaction: a crash in between loses none of them.
    const fanOut = (kind: 'live' | 'follow_up' | 'call_cancelled' | 'time_changed', mailing: string) =>
      d.regs.transaction(() => {
        if (!d.mail.claimMailing(callId, mailing, now)) return;
        for (const r of people()) d.registrations.mailTo(r, call, kind, { dedupe: `${mailing}:${callId}:${r.id}`, ics: kind === 'time_changed' });
      });

    if (call.endedAt !== null) {
      const done = d.mail.mailingsOf(callId);
      if (done.includes('follow_up') || done.includes('call_cancelled')) continue;
      // Ended after someone came: a follow-up. Ended before anyone came: a cancellation.
      const happened = d.store.readEvents(callId, 0).some((e) => ARRIVALS.has(e.event.type));
      fanOut(happened ? 'follow_up' : 'call_cancelled', happened ? 'follow_up' : 'call_cancelled');
      continue;
    }

    // Places held by registrations never confirmed free up after a day: the waitlist moves up.
    if (d.regs.settings(callId).capacity !== null) d.registrations.promote(callId);

    const startsAt = call.schedule.startsAt;
    if (startsAt !== null) {
      // The first start time seen is the announced one; any later one is a change of time.
      const timeKey = `time:${startsAt}`;
      const seen = d.mail.mailingsOf(callId).filter((k) => k.startsWith('time:'));
      if (!seen.includes(timeKey)) {
        d.regs.transaction(() => {
          d.mail.claimMailing(callId, timeKey, now);
          if (seen.length > 0) fanOut('time_changed', `time_changed:${startsAt}`);
        });
      }
      // The reminder closest to the start among those due (after downtime, "in 1 hour" rather
      // than both it and a late "in 1 day").
      const due = d.regs
        .settings(callId)
        .reminders.filter((minutes) => now >= startsAt - minutes * 60_000 && now < startsAt)
        .sort((a, b) => a - b)[0];
      if (due !== undefined) {
        const at = startsAt - due * 60_000;
        for (const r of people()) {
          // Registered after the reminder time: the confirmation said it all.
          if (r.createdAt > at) continue;
          const dedupe = `reminder:${due}:${startsAt}:${callId}:${r.id}`;
          if (!d.mail.exists(dedupe)) d.registrations.mailTo(r, call, 'reminder', { dedupe, minutesBefore: due });
        }
      }
    }

    const room = d.store.lastSeq(callId) > 0 ? d.calls.get(callId) : null;
    if (room && room.state.settings.doorsOpen && presentCount(room.state) > 0) fanOut('live', 'live');
  }
}
