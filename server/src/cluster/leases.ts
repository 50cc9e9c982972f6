// One owner per call: a lease in Redis (SET NX PX; renewed and released only by its holder,
// through compare-and-set scripts) and a fencing epoch that grows with every new holder. The
// lease alone is not safe (a paused holder wakes up believing it still owns the call), so the
// epoch is what the event log checks (Store.claimLog): an append under an older epoch fails.
// Redis keeps no data across a restart here, so a new epoch is never below the one the log holds
// (`floor`): after a Redis restart the epochs carry on from the event log's.
import type Redis from 'ioredis';
import { keys } from './messages';

const ACQUIRE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local epoch = redis.call('INCR', KEYS[2])
local floor = tonumber(ARGV[3])
if epoch <= floor then
  epoch = floor + 1
  redis.call('SET', KEYS[2], epoch)
end
redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. epoch, 'PX', ARGV[2])
return epoch`;

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export interface LeaseHolder {
  instance: string;
  epoch: number;
}

export function parseLease(value: string | null): LeaseHolder | null {
  if (!value) return null;
  const [instance, epoch] = value.split(' ');
  const n = Number(epoch);
  return instance && Number.isSafeInteger(n) && n > 0 ? { instance, epoch: n } : null;
}

export class Leases {
  constructor(
    private readonly redis: Redis,
    private readonly instanceId: string,
    private readonly leaseMs: number,
  ) {}

  /** The new epoch if this instance took the call's lease; 0 when someone holds it. */
  async acquire(callId: string, floor: number): Promise<number> {
    const epoch = await this.redis.eval(ACQUIRE, 2, keys.lease(callId), keys.epoch(callId), this.instanceId, this.leaseMs, floor);
    return Number(epoch);
  }

  /** False when the lease is no longer this holder's (it expired, or Redis lost it). */
  async renew(callId: string, epoch: number): Promise<boolean> {
    return Number(await this.redis.eval(RENEW, 1, keys.lease(callId), `${this.instanceId} ${epoch}`, this.leaseMs)) === 1;
  }

  async release(callId: string, epoch: number): Promise<void> {
    await this.redis.eval(RELEASE, 1, keys.lease(callId), `${this.instanceId} ${epoch}`);
  }

  async holders(callIds: readonly string[]): Promise<(LeaseHolder | null)[]> {
    if (callIds.length === 0) return [];
    const values = await this.redis.mget(callIds.map(keys.lease));
    return values.map(parseLease);
  }
}
