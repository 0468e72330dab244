import { SignJWT } from 'jose';
import { Environment } from '../../../../libs/config/src/environment';
import { OrganisationType } from '../../../../libs/domain/src/organisation';
import { DEVELOPMENT_SECRET } from './principal';
import { TokenVerifier } from './token-verifier.service';

const ORG = '7b000000-0000-4000-8000-000000000001';

function verifier(): TokenVerifier {
  return new TokenVerifier(Object.assign(new Environment(), { NODE_ENV: 'test' }));
}

function token(expiresAt: number, secret = DEVELOPMENT_SECRET): Promise<string> {
  return new SignJWT({ org: ORG, orgType: OrganisationType.MUNICIPALITY, roles: ['coordinator'] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('coordinator-1')
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .setAudience('placement-engine')
    .sign(new TextEncoder().encode(secret));
}

describe('TokenVerifier', () => {
  afterEach(() => jest.useRealTimers());

  it('gives the same principal for a token it verified before, and a copy the caller may change', async () => {
    const v = verifier();
    const t = await token(Math.floor(Date.now() / 1000) + 3600);
    const first = await v.verify(t);
    expect(first).toEqual({ userId: 'coordinator-1', organisationId: ORG, organisationType: OrganisationType.MUNICIPALITY, roles: ['coordinator'] });
    (first as { roles: string[] }).roles.length = 0;
    expect(await v.verify(t)).toEqual({ userId: 'coordinator-1', organisationId: ORG, organisationType: OrganisationType.MUNICIPALITY, roles: ['coordinator'] });
  });

  it('does not accept a token it verified before once it has expired', async () => {
    const v = verifier();
    const now = Date.now();
    const t = await token(Math.floor(now / 1000) + 60);
    expect(typeof (await v.verify(t))).toBe('object');
    // Past the expiry and the 30 s of clock tolerance (the clock only: promises and I/O run as ever).
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'setTimeout', 'setInterval'] });
    jest.setSystemTime(now + 120_000);
    expect(await v.verify(t)).toBe('the token has expired');
  });

  it('checks a token signed with another key, though one with the same claims was verified', async () => {
    const v = verifier();
    const exp = Math.floor(Date.now() / 1000) + 3600;
    expect(typeof (await v.verify(await token(exp)))).toBe('object');
    expect(await v.verify(await token(exp, 'another secret'))).toBe('the token signature is not valid');
  });
});
