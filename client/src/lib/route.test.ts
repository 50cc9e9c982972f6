import { expect, test } from 'vitest';
import { parseRoute } from './route';

test('call links and everything else', () => {
  expect(parseRoute({ pathname: '/c/q3Rk7xWm1aZb', search: '?invite=abc' })).toEqual({ page: 'call', callId: 'q3Rk7xWm1aZb', invite: 'abc' });
  expect(parseRoute({ pathname: '/c/q3Rk7xWm1aZb/', search: '' })).toEqual({ page: 'call', callId: 'q3Rk7xWm1aZb', invite: null });
  expect(parseRoute({ pathname: '/', search: '' })).toEqual({ page: 'home' });
  expect(parseRoute({ pathname: '/c/../../etc', search: '' })).toEqual({ page: 'home' });
});
