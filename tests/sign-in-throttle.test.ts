import { DateTime } from 'luxon';
import { pino } from 'pino';
import supertest from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp, type AppDeps } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { ZONE } from '../src/shared/period.js';
import { ADMIN_TOKEN, createTestContext, type TestContext } from './support/harness.js';

/**
 * The sign-in throttle as the service runs it (20 failed token checks per address per 5 minutes), on apps
 * built over one test database. Only Date is faked, so that the window can pass without waiting.
 */
let t: TestContext;

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-20T03:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

function appWith(deps: Partial<AppDeps> = {}) {
  return createApp({
    db: t.db,
    logger: pino({ level: 'silent' }),
    clock: () => DateTime.fromISO('2026-11-20T10:00:00', { zone: ZONE }),
    adminToken: ADMIN_TOKEN,
    ...deps,
  });
}

function programs(app: ReturnType<typeof appWith>, token?: string, forwardedFor?: string) {
  let req = supertest(app).get('/api/v1/programs');
  if (token !== undefined) req = req.set('Authorization', `Bearer ${token}`);
  if (forwardedFor !== undefined) req = req.set('X-Forwarded-For', forwardedFor);
  return req;
}

async function failTimes(app: ReturnType<typeof appWith>, times: number, forwardedFor?: string) {
  for (let i = 0; i < times; i += 1) {
    const res = await programs(app, `wrong-token-${i}`, forwardedFor);
    expect(res.status, `failure ${i + 1}`).toBe(401);
  }
}

describe('the sign-in throttle', () => {
  it('when an address fails 20 token checks, then the next failure is a 429 with Retry-After, and valid tokens still pass', async () => {
    const app = appWith();
    await failTimes(app, 20);
    const limited = await programs(app, 'wrong-token-21');
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.headers['retry-after']).toBe('300');
    expect(limited.body).toMatchObject({
      title: 'Too Many Requests',
      status: 429,
      code: 'TOO_MANY_FAILED_LOGINS',
      retryAfterSeconds: 300,
    });
    expect((await programs(app, t.tokens.auditor)).status).toBe(200);
    expect((await programs(app, ADMIN_TOKEN)).status).toBe(200);

    vi.setSystemTime(new Date('2026-11-20T03:04:59Z'));
    const later = await programs(app, 'wrong-token-22');
    expect(later.status).toBe(429);
    expect(later.headers['retry-after']).toBe('1');
    vi.setSystemTime(new Date('2026-11-20T03:05:00Z'));
    expect((await programs(app, 'wrong-token-23')).status).toBe(401);
  });

  it('when requests carry no Authorization header, then they are 401 and never count', async () => {
    const app = appWith();
    for (let i = 0; i < 30; i += 1) {
      const res = await programs(app);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
    await failTimes(app, 20);
    expect((await programs(app, 'wrong-token-21')).status).toBe(429);
  });

  it('when the service trusts no proxy, then X-Forwarded-For is ignored and the connection counts', async () => {
    const app = appWith();
    await failTimes(app, 20, '203.0.113.7');
    expect((await programs(app, 'wrong-token-21', '203.0.113.8')).status).toBe(429);
  });

  it('when TRUST_PROXY names the proxy, then each client address behind it counts apart', async () => {
    for (const trustProxy of [1, ['loopback']] as const) {
      const app = appWith({ trustProxy: loadConfig({ TRUST_PROXY: String(trustProxy) }).TRUST_PROXY });
      await failTimes(app, 20, '203.0.113.7');
      expect((await programs(app, 'wrong-token-21', '203.0.113.7')).status).toBe(429);
      expect((await programs(app, 'wrong-token-21', '203.0.113.8')).status).toBe(401);
      expect((await programs(app, t.tokens.auditor, '203.0.113.7')).status).toBe(200);
    }
  });
});

describe('TRUST_PROXY', () => {
  it('when unset or false, then no proxy is trusted', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
  });

  it('when a hop count or a list of addresses and subnets, then that is what Express is given', () => {
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 192.168.0.0/16,fd00::/8 , loopback' }).TRUST_PROXY).toEqual([
      '10.0.0.5',
      '192.168.0.0/16',
      'fd00::/8',
      'loopback',
    ]);
  });

  it.each(['true', '10.0.0.0/33', 'proxy.example', '1.5', '10.0.0.1,,10.0.0.2'])(
    'when %s, then the configuration is refused naming TRUST_PROXY',
    (value) => {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY: /);
    },
  );
});
