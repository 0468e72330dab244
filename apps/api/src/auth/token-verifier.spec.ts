import { SignJWT } from 'jose';
import { DEVELOPMENT_SECRET, Environment } from '../../../../libs/config/src/environment';
import { OrganisationType } from '../../../../libs/domain/src/organisation';
import { TokenVerifier } from './token-verifier.service';

const ORG = '7b000000-0000-4000-8000-000000000001';

function verifier(env: Partial<Environment> = {}): TokenVerifier {
  return new TokenVerifier(Object.assign(new Environment(), { NODE_ENV: 'test' }, env));
}

function token(expiresAt: number, secret = DEVELOPMENT_SECRET, audience: string | null = 'placement-engine'): Promise<string> {
  const jwt = new SignJWT({ org: ORG, orgType: OrganisationType.MUNICIPALITY, roles: ['coordinator'] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('coordinator-1')
    .setIssuedAt()
    .setExpirationTime(expiresAt);
  return (audience === null ? jwt : jwt.setAudience(audience)).sign(new TextEncoder().encode(secret));
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

  it('refuses a token for another audience or for none, with or without AUTH_AUDIENCE', async () => {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const byDefault = verifier();
    expect(await byDefault.verify(await token(exp, DEVELOPMENT_SECRET, 'another-api'))).toBe('the token is not for this API (aud)');
    expect(await byDefault.verify(await token(exp, DEVELOPMENT_SECRET, null))).toBe('the token is not for this API (aud)');
    const configured = verifier({ AUTH_AUDIENCE: 'plaatsingen-utrecht' });
    expect(await configured.verify(await token(exp))).toBe('the token is not for this API (aud)');
    expect(typeof (await configured.verify(await token(exp, DEVELOPMENT_SECRET, 'plaatsingen-utrecht')))).toBe('object');
    const minted = await configured.mint({ userId: 'u', organisationId: ORG, organisationType: OrganisationType.MUNICIPALITY, roles: [] });
    expect(typeof (await configured.verify(minted))).toBe('object');
  });

  it('with AUTH_ISSUER, refuses a token that names no issuer or another one; mints with it', async () => {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const v = verifier({ AUTH_ISSUER: 'https://login.example.nl' });
    expect(await v.verify(await token(exp))).toBe('the token is not from the configured issuer (iss)');
    const minted = await v.mint({ userId: 'u', organisationId: ORG, organisationType: OrganisationType.MUNICIPALITY, roles: [] });
    expect(typeof (await v.verify(minted))).toBe('object');
    expect(await verifier({ AUTH_ISSUER: 'https://elsewhere.example.org' }).verify(minted)).toBe('the token is not from the configured issuer (iss)');
  });
});
