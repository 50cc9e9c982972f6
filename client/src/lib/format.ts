/** Seconds left shown as m:ss (never negative; rounds up so "0:00" means the time is really up). */
export function formatCountdown(msLeft: number): string {
  const total = Math.max(0, Math.ceil(msLeft / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** A screen reader friendly form: "1 minute 5 seconds left". */
export function spokenCountdown(msLeft: number): string {
  const total = Math.max(0, Math.ceil(msLeft / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  const parts = [];
  if (m) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  if (s || !m) parts.push(`${s} second${s === 1 ? '' : 's'}`);
  return `${parts.join(' ')} left`;
}

/** Speaking time: "0:42", "12:05", "1:02:03". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
}

export function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  const suffix = n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

export function formatClock(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** Before an announced call: "Starts in 12 minutes", "Starts in 2 hours 5 minutes", "Starts in 3 days". */
export function startsIn(msLeft: number): string {
  if (msLeft <= 0) return 'Starting now';
  const minutes = Math.ceil(msLeft / 60_000);
  if (minutes < 60) return `Starts in ${plural(minutes, 'minute')}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `Starts in ${plural(hours, 'hour')}${minutes % 60 ? ` ${plural(minutes % 60, 'minute')}` : ''}`;
  return `Starts in ${plural(Math.floor(hours / 24), 'day')}`;
}

/** A ticking clock for the pre-call room: "11:42", "1:05:09" (never negative). */
export function clockCountdown(msLeft: number): string {
  return formatDuration(Math.ceil(Math.max(0, msLeft) / 1000) * 1000);
}

/** Up to two letters for a tile without video: the first letter of the first two words. */
export function initials(name: string): string {
  return [...name.trim()]
    .filter((_, i, all) => i === 0 || all[i - 1] === ' ')
    .slice(0, 2)
    .join('')
    .toUpperCase();
}
