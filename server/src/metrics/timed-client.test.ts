import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, test } from 'vitest';
import { timedClient } from './timed-client';

class FakeAdmin {
  calls = 0;
  async listRooms(names: string[]): Promise<string[]> {
    this.calls += 1;
    return names;
  }
  async deleteRoom(_name: string): Promise<void> {
    throw new Error('twirp error not_found');
  }
  describe(): string {
    return `admin with ${this.calls} calls`;
  }
}

function instruments() {
  const registers = [new Registry()];
  return {
    seconds: new Histogram({ name: 't_seconds', help: 'h', labelNames: ['method'] as const, registers }),
    errors: new Counter({ name: 't_errors_total', help: 'h', labelNames: ['method'] as const, registers }),
  };
}
const count = async (h: Histogram<'method'>, method: string) =>
  (await h.get()).values.find((v) => v.metricName === 't_seconds_count' && v.labels.method === method)?.value ?? 0;
const errorsOf = async (c: Counter<'method'>, method: string) => (await c.get()).values.find((v) => v.labels.method === method)?.value ?? 0;

describe('timedClient', () => {
  test('times each async method under its own name and passes results through, on the real object', async () => {
    const m = instruments();
    const admin = new FakeAdmin();
    const timed = timedClient(admin, m);
    expect(await timed.listRooms(['a', 'b'])).toEqual(['a', 'b']);
    await timed.listRooms([]);
    expect(admin.calls).toBe(2);
    expect(await count(m.seconds, 'listRooms')).toBe(2);
    expect(await errorsOf(m.errors, 'listRooms')).toBe(0);
  });

  test('a rejection is timed, counted as an error, and still reaches the caller', async () => {
    const m = instruments();
    const timed = timedClient(new FakeAdmin(), m);
    await expect(timed.deleteRoom('x')).rejects.toThrow('not_found');
    expect(await count(m.seconds, 'deleteRoom')).toBe(1);
    expect(await errorsOf(m.errors, 'deleteRoom')).toBe(1);
  });

  test('synchronous methods are left alone (nothing to time, no label)', async () => {
    const m = instruments();
    const timed = timedClient(new FakeAdmin(), m);
    expect(timed.describe()).toBe('admin with 0 calls');
    expect(await count(m.seconds, 'describe')).toBe(0);
  });
});
