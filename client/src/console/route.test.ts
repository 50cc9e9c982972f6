import { expect, test } from 'vitest';
import { parseConsoleRoute } from './route';

test('console paths map to pages; anything else is not the console', () => {
  const at = (path: string) => {
    const [pathname, search = ''] = path.split('?');
    return parseConsoleRoute({ pathname: pathname!, search: search ? `?${search}` : '' });
  };
  expect(at('/setup?token=abc')).toEqual({ page: 'claim', kind: 'setup', token: 'abc' });
  expect(at('/welcome')).toEqual({ page: 'claim', kind: 'welcome', token: null });
  expect(at('/console/')).toEqual({ page: 'calls' });
  expect(at('/console/calls/new')).toEqual({ page: 'new-call' });
  expect(at('/console/bans')).toEqual({ page: 'bans' });
  expect(at('/console/calls/abc_1')).toEqual({ page: 'call', callId: 'abc_1' });
  expect(at('/console/calls/abc_1/edit')).toEqual({ page: 'edit-call', callId: 'abc_1' });
  expect(at('/console/calls/../../x')).toBeNull();
  expect(at('/c/abc')).toBeNull();
});
