import { allowedCategories, caseworkPurpose, CATEGORY_CODES, initialGrants, losses, purposesOf, taskNeeds, type ConsentVersion } from './privacy';

const version = (grants: ConsentVersion['grants'], withdrawnAll = false): ConsentVersion => ({ version: 1, givenBy: 'CANDIDATE', givenAt: '2026-11-02T10:00:00Z', grants, withdrawnAll });

describe('consent rules', () => {
  const given = version(initialGrants());
  const host = 'host-1';

  it('the referral’s consent: the care parties everything, a host what placement needs, for placement only', () => {
    expect(allowedCategories(given, 'CARE_PROVIDER', 'care')).toEqual(CATEGORY_CODES);
    expect(allowedCategories(given, 'HOST', host)).toEqual(['IDENTITY', 'SUPPORT_AND_HEALTH', 'WORK_PROFILE', 'PROGRESS']);
    expect(allowedCategories(given, 'HOST', host, 'PLACEMENT')).toHaveLength(4);
    expect(allowedCategories(given, 'HOST', host, 'CARE_DELIVERY')).toEqual([]);
  });

  it('the municipality processes on its legal basis: everything, whatever the consent', () => {
    expect(allowedCategories(version([], true), 'MUNICIPALITY', 'm')).toEqual(CATEGORY_CODES);
    expect(allowedCategories(undefined, 'MUNICIPALITY', 'm')).toEqual(CATEGORY_CODES);
  });

  it('a grant to one organisation replaces its kind’s grant: withdrawn for one host, not the others', () => {
    const narrowed = version([...initialGrants(), { to: { organisationId: host }, categories: [], purposes: ['PLACEMENT'] }]);
    expect(allowedCategories(narrowed, 'HOST', host)).toEqual([]);
    expect(allowedCategories(narrowed, 'HOST', 'host-2')).toHaveLength(4);
    expect(losses(given, narrowed, [{ organisationId: host, role: 'HOST' }, { organisationId: 'host-2', role: 'HOST' }])).toEqual([{ organisationId: host, categories: ['IDENTITY', 'SUPPORT_AND_HEALTH', 'WORK_PROFILE', 'PROGRESS'] }]);
  });

  it('withdrawn for one category: that category goes, the rest stays; withdrawn entirely: nothing', () => {
    const noHealth = version(initialGrants().map((g) => ({ ...g, categories: g.categories.filter((c) => c !== 'SUPPORT_AND_HEALTH') })));
    expect(allowedCategories(noHealth, 'CARE_PROVIDER', 'care')).not.toContain('SUPPORT_AND_HEALTH');
    expect(allowedCategories(noHealth, 'CARE_PROVIDER', 'care')).toContain('IDENTITY');
    expect(allowedCategories(version([], true), 'CARE_PROVIDER', 'care')).toEqual([]);
    expect(losses(given, version([], true), [{ organisationId: 'm', role: 'MUNICIPALITY' }, { organisationId: 'care', role: 'CARE_PROVIDER' }])).toEqual([{ organisationId: 'care', categories: CATEGORY_CODES }]);
  });

  it('a task needs who and where, and some the work profile or the support needs', () => {
    expect(taskNeeds('intake.meeting')).toEqual(['IDENTITY', 'PROGRESS']);
    expect(taskNeeds('analyse.support-plan')).toContain('SUPPORT_AND_HEALTH');
    expect(taskNeeds('orientation.respond')).toContain('WORK_PROFILE');
    expect(taskNeeds('orientation.respond')).not.toContain('SUPPORT_AND_HEALTH');
  });
});

describe('purposes of casework', () => {
  it('follow from the part; each part is offered its own purposes only, and its casework purpose is one of them', () => {
    expect(caseworkPurpose('MUNICIPALITY')).toBe('MUNICIPAL_TASK');
    expect(caseworkPurpose('HOST')).toBe('PLACEMENT');
    expect(caseworkPurpose('CARE_PROVIDER')).toBe('CARE_DELIVERY');
    expect(purposesOf('MUNICIPALITY')).not.toContain('CARE_DELIVERY');
    expect(purposesOf('CARE_PROVIDER')).not.toContain('MUNICIPAL_TASK');
    expect(purposesOf('HOST')).toEqual(['PLACEMENT']);
    for (const role of ['MUNICIPALITY', 'CARE_PROVIDER', 'REFERRER', 'HOST'] as const) expect(purposesOf(role)).toContain(caseworkPurpose(role));
    // What a consent can give a part is among its purposes.
    for (const grant of initialGrants()) if ('role' in grant.to) for (const purpose of grant.purposes) expect(purposesOf(grant.to.role)).toContain(purpose);
  });
});
