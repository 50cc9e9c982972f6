// Create or edit a call: every field POST /api/calls and the schedule accept (title, format,
// lobby, passcode, participant cap, speaking limit, queue policy, start time with its time zone,
// duration, public announcement, description, guest speakers).
import { useState } from 'react';
import { ApiError } from '../lib/api';
import { callDetail, createCall, editCall, editSchedule, type CallSettings, type ScheduleInput } from './console-api';
import { isoToWallTime, localTimeZone, timeZones, wallTimeToIso } from './timezone';
import { asApiError, ErrorNote, Loading, useLoad } from './ui';

const DEFAULT_SETTINGS: CallSettings = { lobby: false, passcode: null, maxParticipants: 0, speakingLimitSec: 120, queuePolicy: 'fifo', format: 'stage' };

interface Draft {
  title: string;
  settings: CallSettings;
  scheduled: boolean;
  when: string;
  timeZone: string;
  durationMin: number;
  public: boolean;
  description: string;
  speakers: { name: string; bio: string }[];
}

const emptyDraft = (): Draft => ({
  title: '',
  settings: DEFAULT_SETTINGS,
  scheduled: false,
  when: '',
  timeZone: localTimeZone(),
  durationMin: 90,
  public: false,
  description: '',
  speakers: [],
});

export function NewCallPage() {
  return <CallForm initial={emptyDraft()} callId={null} settingsEditable />;
}

export function EditCallPage({ callId }: { callId: string }) {
  const [detail] = useLoad(() => callDetail(callId), [callId]);
  if (detail.state === 'loading') return <Loading what="the call" />;
  if (detail.state === 'failed') return <ErrorNote error={detail.error} />;
  const { call, editable } = detail.value;
  const tz = call.schedule.timeZone ?? localTimeZone();
  const draft: Draft = {
    title: call.title,
    settings: call.settings,
    scheduled: call.schedule.startsAt !== null,
    when: call.schedule.startsAt ? isoToWallTime(call.schedule.startsAt, tz) : '',
    timeZone: tz,
    durationMin: call.schedule.durationMin ?? 90,
    public: call.schedule.public,
    description: call.schedule.description,
    speakers: call.schedule.speakers,
  };
  return <CallForm initial={draft} callId={callId} settingsEditable={editable} />;
}

function CallForm({ initial, callId, settingsEditable }: { initial: Draft; callId: string | null; settingsEditable: boolean }) {
  const [d, setD] = useState<Draft>(initial);
  // The passcode is stored hashed: an edit sends one only when the organizer typed a new one (or cleared it).
  const [passcodeTouched, setPasscodeTouched] = useState(false);
  const passcodeSet = initial.settings.passcodeSet === true;
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const setS = <K extends keyof CallSettings>(k: K, v: CallSettings[K]) => setD((x) => ({ ...x, settings: { ...x.settings, [k]: v } }));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const schedule: ScheduleInput = {
        public: d.scheduled && d.public,
        startsAt: d.scheduled ? wallTimeToIso(d.when, d.timeZone) : null,
        timeZone: d.scheduled ? d.timeZone : null,
        durationMin: d.durationMin,
        description: d.description,
        speakers: d.speakers.filter((s) => s.name.trim() !== ''),
      };
      let id = callId;
      if (id === null) {
        id = (await createCall({ title: d.title, settings: d.settings, schedule })).call.id;
      } else {
        const { passcode, passcodeSet: _set, ...rest } = d.settings;
        const settings = passcodeTouched ? { ...rest, passcode } : rest;
        await editCall(id, settingsEditable ? { title: d.title, settings } : { title: d.title });
        await editSchedule(id, schedule);
      }
      window.location.assign(`/console/calls/${id}`);
    } catch (err) {
      setError(asApiError(err));
      setBusy(false);
    }
  };

  return (
    <form className="console-form" onSubmit={submit} aria-labelledby="call-form-title" data-testid="call-form">
      <h1 id="call-form-title">{callId ? 'Edit the call' : 'New call'}</h1>
      <label htmlFor="call-title">Title</label>
      <input id="call-title" required maxLength={120} value={d.title} onChange={(e) => set('title', e.target.value)} data-testid="call-title" />

      <fieldset disabled={!settingsEditable}>
        <legend>How the call runs</legend>
        {!settingsEditable ? <p className="help">People have joined: the host changes these in the call.</p> : null}
        <label htmlFor="call-format">Format</label>
        <select id="call-format" value={d.settings.format} onChange={(e) => setS('format', e.target.value as CallSettings['format'])}>
          <option value="stage">Stage: speakers on stage, the audience raises hands</option>
          <option value="conversation">Conversation: everyone may speak</option>
        </select>
        <label className="choice">
          <input type="checkbox" checked={d.settings.lobby} onChange={(e) => setS('lobby', e.target.checked)} data-testid="call-lobby" />
          Lobby: a moderator lets each participant in
        </label>
        <label htmlFor="call-passcode">Passcode for participants (optional, at least 6 characters)</label>
        <input
          id="call-passcode"
          minLength={6}
          maxLength={64}
          autoComplete="off"
          value={d.settings.passcode ?? ''}
          placeholder={passcodeSet && !passcodeTouched ? 'A passcode is set; type a new one to change it' : undefined}
          aria-describedby={passcodeSet ? 'call-passcode-help' : undefined}
          onChange={(e) => {
            setPasscodeTouched(true);
            setS('passcode', e.target.value === '' ? null : e.target.value);
          }}
        />
        {passcodeSet ? (
          <p className="help" id="call-passcode-help">
            {passcodeTouched && d.settings.passcode === null ? 'Saving removes the passcode.' : 'The passcode is kept unless you type a new one. It is stored hashed: nobody can read it back.'}
          </p>
        ) : null}
        <label htmlFor="call-limit">Speaking limit per turn (seconds, 0 for none)</label>
        <input id="call-limit" type="number" min={0} max={3600} value={d.settings.speakingLimitSec} onChange={(e) => setS('speakingLimitSec', Number(e.target.value))} />
        <label htmlFor="call-policy">Speaker queue</label>
        <select id="call-policy" value={d.settings.queuePolicy} onChange={(e) => setS('queuePolicy', e.target.value as CallSettings['queuePolicy'])}>
          <option value="fifo">First come, first served</option>
          <option value="progressive">Progressive: people who have not spoken go first</option>
        </select>
        <label htmlFor="call-max">Most participants at once (0 for no cap)</label>
        <input id="call-max" type="number" min={0} max={100000} value={d.settings.maxParticipants} onChange={(e) => setS('maxParticipants', Number(e.target.value))} />
      </fieldset>

      <fieldset>
        <legend>Schedule</legend>
        <label className="choice">
          <input type="checkbox" checked={d.scheduled} onChange={(e) => set('scheduled', e.target.checked)} data-testid="call-scheduled" />
          Schedule a start time
        </label>
        {d.scheduled ? (
          <>
            <label htmlFor="call-when">Starts at</label>
            <input id="call-when" type="datetime-local" required value={d.when} onChange={(e) => set('when', e.target.value)} data-testid="call-when" />
            <label htmlFor="call-tz">Time zone</label>
            <select id="call-tz" value={d.timeZone} onChange={(e) => set('timeZone', e.target.value)}>
              {timeZones().map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
            <label htmlFor="call-duration">Duration (minutes)</label>
            <input id="call-duration" type="number" min={5} max={1440} value={d.durationMin} onChange={(e) => set('durationMin', Number(e.target.value))} />
            <label className="choice">
              <input type="checkbox" checked={d.public} onChange={(e) => set('public', e.target.checked)} />
              Announce it on the public schedule (anyone may join as a participant)
            </label>
          </>
        ) : null}
        <label htmlFor="call-description">Description</label>
        <textarea id="call-description" maxLength={2000} rows={3} value={d.description} onChange={(e) => set('description', e.target.value)} />
      </fieldset>

      <fieldset>
        <legend>Guest speakers (shown on the announcement)</legend>
        {d.speakers.map((s, i) => (
          <div className="speaker-row" key={i}>
            <label htmlFor={`speaker-${i}`}>Speaker {i + 1} name</label>
            <input id={`speaker-${i}`} maxLength={80} value={s.name} onChange={(e) => set('speakers', d.speakers.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} />
            <label htmlFor={`speaker-bio-${i}`}>Speaker {i + 1} bio</label>
            <input id={`speaker-bio-${i}`} maxLength={500} value={s.bio} onChange={(e) => set('speakers', d.speakers.map((x, j) => (j === i ? { ...x, bio: e.target.value } : x)))} />
            <button type="button" className="small" onClick={() => set('speakers', d.speakers.filter((_, j) => j !== i))}>
              Remove speaker {i + 1}
            </button>
          </div>
        ))}
        <button type="button" className="small" disabled={d.speakers.length >= 12} onClick={() => set('speakers', [...d.speakers, { name: '', bio: '' }])}>
          Add a guest speaker
        </button>
        <p className="help">Invite each speaker personally from the call’s page, once the call exists.</p>
      </fieldset>

      <ErrorNote error={error} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy} data-testid="call-save">
          {busy ? 'Saving…' : callId ? 'Save changes' : 'Create the call'}
        </button>
        <a href={callId ? `/console/calls/${callId}` : '/console'}>Cancel</a>
      </div>
    </form>
  );
}
