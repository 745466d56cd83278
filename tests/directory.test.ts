import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { searchDirectory } from '@/lib/users/directory';
import { directorySearchSchema, type DirectorySearch } from '@/lib/validation/directory';

// Every user made here carries this tag in their email, so the shared test database's other users stay out of the way.
const tag = `dir${randomUUID().slice(0, 6)}`;
const search = (params: Record<string, string> = {}) => directorySearchSchema.parse({ q: tag, ...params });

async function makeUser(label: string, data: { createdAt?: Date; lastSignInAt?: Date | null; verified?: boolean; status?: string } = {}) {
  return db.user.create({
    data: {
      email: `${label}-${tag}@example.test`,
      emailVerified: data.verified ? new Date() : null,
      status: data.status ?? 'active',
      createdAt: data.createdAt,
      lastSignInAt: data.lastSignInAt ?? null,
    },
  });
}

/** Walks every page by cursor and returns the ids in order. */
async function allPages(s: DirectorySearch, take: number, selectiveLimit?: number) {
  const ids: string[] = [];
  let after: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await searchDirectory({ ...s, after }, take, selectiveLimit);
    ids.push(...page.users.map((u) => u.id));
    if (!page.next) return ids;
    after = page.next;
  }
  throw new Error('pagination did not end');
}

const day = (d: string) => new Date(`${d}T12:00:00.000Z`);

describe('user directory', () => {
  let ids: string[] = [];
  beforeAll(async () => {
    const sameInstant = day('2026-03-01');
    const users = [
      await makeUser('alice', { createdAt: day('2026-01-05'), lastSignInAt: sameInstant, verified: true }),
      await makeUser('bob', { createdAt: day('2026-01-05'), lastSignInAt: sameInstant }),
      await makeUser('carol', { createdAt: day('2026-02-10'), lastSignInAt: null, verified: true }),
      await makeUser('dave', { createdAt: day('2026-02-11'), lastSignInAt: day('2026-04-01'), status: 'suspended' }),
      await makeUser('erin', { createdAt: day('2026-03-01'), lastSignInAt: null }),
      await makeUser('frank', { createdAt: day('2026-03-02'), lastSignInAt: day('2026-02-01'), verified: true }),
      await makeUser('grace', { createdAt: day('2026-03-02'), lastSignInAt: sameInstant }),
    ];
    ids = users.map((u) => u.id);
    await db.userAttribute.createMany({
      data: [
        { userId: users[2]!.id, key: 'given_name', value: `Carolina${tag}`, searchValue: `carolina${tag}` },
        { userId: users[3]!.id, key: 'phone', value: `+44 7700 ${tag}`, searchValue: `+44 7700 ${tag}` },
      ],
    });
    const support = await db.role.findUniqueOrThrow({ where: { key: 'support' } });
    await db.userRole.create({ data: { userId: users[5]!.id, roleId: support.id } });
  });

  it('finds a user by part of their email, whatever the case typed', async () => {
    const { users } = await searchDirectory(directorySearchSchema.parse({ q: `ALICE-${tag.toUpperCase()}` }));
    expect(users.map((u) => u.email)).toEqual([`alice-${tag}@example.test`]);
  });

  it('finds a user by part of their name and of their phone number', async () => {
    const byName = await searchDirectory(directorySearchSchema.parse({ q: `olina${tag}`.toUpperCase() }));
    expect(byName.users.map((u) => u.id)).toEqual([ids[2]]);
    const byPhone = await searchDirectory(directorySearchSchema.parse({ q: `7700 ${tag}` }));
    expect(byPhone.users.map((u) => u.id)).toEqual([ids[3]]);
  });

  it('searches for %, _ and quotes as typed, not as patterns', async () => {
    const count = async (q: string) => (await searchDirectory(directorySearchSchema.parse({ q }))).users.length;
    expect(await count(`%${tag}`)).toBe(0);
    // "e_<tag>" as a LIKE pattern would match alice-, dave- and grace-<tag>.
    expect(await count(`e_${tag}`)).toBe(0);
    expect(await count(`"${tag}`)).toBe(0);
    expect(await count(`e-${tag}`)).toBe(3);

    // The same, when the search is unselective (more matches than the limit) and read in sort order.
    const wild = await db.user.create({ data: { email: `x_y-${tag}@example.test` } });
    const lookalike = await db.user.create({ data: { email: `xzy-${tag}@example.test` } });
    try {
      const unselective = await searchDirectory(directorySearchSchema.parse({ q: `x_y-${tag}` }), 25, 0);
      expect(unselective.users.map((u) => u.id)).toEqual([wild.id]);
      expect((await searchDirectory(directorySearchSchema.parse({ q: `xzy-${tag}` }), 25, 0)).users.map((u) => u.id)).toEqual([lookalike.id]);
    } finally {
      await db.user.deleteMany({ where: { id: { in: [wild.id, lookalike.id] } } });
    }
  });

  it('keeps the search in step with every change to an email or a searchable attribute', async () => {
    const found = async (q: string) => (await searchDirectory(directorySearchSchema.parse({ q }))).users.map((u) => u.id);
    const person = await db.user.create({ data: { email: `before-${tag}@example.test` } });
    await db.userAttribute.create({ data: { userId: person.id, key: 'family_name', value: `Oldname${tag}`, searchValue: `oldname${tag}` } });
    expect(await found(`oldname${tag}`)).toEqual([person.id]);

    await db.user.update({ where: { id: person.id }, data: { email: `after-${tag}@example.test` } });
    await db.userAttribute.update({ where: { userId_key: { userId: person.id, key: 'family_name' } }, data: { value: `Newname${tag}`, searchValue: `newname${tag}` } });
    expect(await found(`before-${tag}`)).toEqual([]);
    expect(await found(`oldname${tag}`)).toEqual([]);
    expect(await found(`after-${tag}`)).toEqual([person.id]);
    expect(await found(`newname${tag}`)).toEqual([person.id]);

    await db.userAttribute.delete({ where: { userId_key: { userId: person.id, key: 'family_name' } } });
    expect(await found(`newname${tag}`)).toEqual([]);
    await db.user.delete({ where: { id: person.id } });
    expect(await found(`after-${tag}`)).toEqual([]);
  });

  it('filters by status, role, confirmation and date ranges', async () => {
    const idsOf = async (params: Record<string, string>) => (await searchDirectory(search(params))).users.map((u) => u.id).sort();
    expect(await idsOf({ status: 'suspended' })).toEqual([ids[3]]);
    expect(await idsOf({ role: 'support' })).toEqual([ids[5]]);
    expect(await idsOf({ verified: 'yes' })).toEqual([ids[0], ids[2], ids[5]].sort());
    expect(await idsOf({ verified: 'no' })).toEqual([ids[1], ids[3], ids[4], ids[6]].sort());
    expect(await idsOf({ createdFrom: '2026-02-10', createdTo: '2026-03-01' })).toEqual([ids[2], ids[3], ids[4]].sort());
    expect(await idsOf({ signedInFrom: '2026-03-01' })).toEqual([ids[0], ids[1], ids[3], ids[6]].sort());
    expect(await idsOf({ signedInTo: '2026-02-28' })).toEqual([ids[5]]);
  });

  it('ignores a malformed filter from a shared URL instead of failing', async () => {
    const s = search({ status: 'nonsense', createdFrom: 'yesterday', sort: 'bogus', after: '!!!' });
    expect(s.status).toBeUndefined();
    expect(s.sort).toBe('created');
    expect((await searchDirectory(s)).users).toHaveLength(7);
  });

  for (const sort of ['created', 'last_sign_in', 'email'] as const) {
    for (const dir of ['asc', 'desc'] as const) {
      it(`pages by cursor through every user exactly once, sorted by ${sort} ${dir}`, async () => {
        const s = search({ sort, dir });
        const everything = (await searchDirectory(s, 100)).users;
        expect(everything).toHaveLength(7);
        for (const take of [1, 2, 3]) expect(await allPages(s, take)).toEqual(everything.map((u) => u.id));
        // The same search treated as unselective (more matches than the limit) walks the same order.
        for (const take of [1, 3]) expect(await allPages(s, take, 2)).toEqual(everything.map((u) => u.id));
        const sorted = [...everything].sort((a, b) => {
          const key = (u: (typeof everything)[number]) => (sort === 'email' ? u.email : sort === 'created' ? u.createdAt.toISOString() : u.lastSignInAt?.toISOString() ?? null);
          const [x, y] = [key(a), key(b)];
          // Never-signed-in users come last in both directions.
          if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
          return dir === 'asc' ? x.localeCompare(y) : y.localeCompare(x);
        });
        const keys = (list: typeof everything) => list.map((u) => (sort === 'email' ? u.email : sort === 'created' ? u.createdAt.getTime() : u.lastSignInAt?.getTime() ?? null));
        expect(keys(everything)).toEqual(keys(sorted));
      });
    }
  }
});
