import { initialState, DEFAULT_CALL_SETTINGS, type Event } from '@caucus/shared';
import { describe, expect, it } from 'vitest';
import { JoinSpikeDetector, SPIKE_RULE } from './join-spike';

const T0 = 1_700_000_000_000;
let n = 0;
const arrival = (at: number, device: string | null = `dev-${++n}`, role: 'participant' | 'speaker' = 'participant'): Event => ({
  type: 'member_joined',
  at,
  by: 'system',
  participant: `p_${++n}`,
  name: 'X',
  role,
  device,
  ipHash: null,
});
const fresh = () => new JoinSpikeDetector(initialState('c', DEFAULT_CALL_SETTINGS));

describe('the join-rate spike rule', () => {
  it('flags MIN_ARRIVALS new browsers within the window, starting at the first of the run', () => {
    const d = fresh();
    // A quiet call: a few people over ten minutes.
    for (let i = 0; i < 5; i++) expect(d.observe([arrival(T0 + i * 60_000)], T0 + i * 60_000)).toBeNull();
    const raid = T0 + 10 * 60_000;
    let spike = null;
    for (let i = 0; i < SPIKE_RULE.minArrivals && !spike; i++) spike = d.observe([arrival(raid + i * 100)], raid + i * 100);
    expect(spike).toMatchObject({ since: raid, arrivals: SPIKE_RULE.minArrivals });
    // Cooldown: no second alert at once.
    expect(d.observe([arrival(raid + 6000)], raid + 6000)).toBeNull();
  });

  it('measures against the call normal rate: a busy call needs FACTOR times its usual arrivals', () => {
    const d = fresh();
    // 60 arrivals per 30 s for twelve minutes is this call's normal (its opening rush alerts once).
    let t = T0;
    const alerts: number[] = [];
    for (let i = 0; i < 1440; i++, t += 500) if (d.observe([arrival(t)], t)) alerts.push(t);
    expect(alerts.filter((at) => at > T0 + 11 * 60_000)).toEqual([]);
    // Five times that within one window is a spike.
    let spike = null;
    for (let i = 0; i < 300 && !spike; i++, t += 50) spike = d.observe([arrival(t)], t);
    expect(spike).not.toBeNull();
  });

  it('does not count known browsers, staff or guests', () => {
    const d = fresh();
    for (let i = 0; i < 100; i++) expect(d.observe([arrival(T0 + i, 'dev-same')], T0 + i)).toBeNull();
    for (let i = 0; i < 100; i++) expect(d.observe([arrival(T0 + 200 + i, `s-${i}`, 'speaker')], T0 + 200 + i)).toBeNull();
  });

  it('leaves out arrivals before a quiet gap', () => {
    const d = fresh();
    for (let i = 0; i < 40; i++) d.observe([arrival(T0 + i * 100)], T0 + i * 100);
    const raid = T0 + 4000 + SPIKE_RULE.runGapMs + 1;
    let spike = null;
    for (let i = 0; i < 60 && !spike; i++) spike = d.observe([arrival(raid + i * 100)], raid + i * 100);
    expect(spike?.since).toBe(raid);
  });
});
