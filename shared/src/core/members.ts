// Everyone admitted to a call, as the core keeps them. The state is immutable, and a national call
// has tens of thousands of members: copying a plain record for each change made every event O(N)
// and every arrival storm O(N^2). A persistent map (immutable.js, ordered so members keep their
// arrival order as a record would) shares all but O(log32 N) nodes with the state before, and the
// present head count per role is kept as members change, so the capacity check is O(1) too.
// Snapshots and the store still carry a plain record (toRecord / Members.fromRecord).
import { OrderedMap } from 'immutable';
import { ROLES, type Identity, type MemberOrg, type Role } from '../protocol/primitives';
import type { Member } from '../protocol/state';

/** Present people per role. */
/** A member's record at their first admission: no sanctions, no floor history. */
export function newMember(fields: Pick<Member, 'identity' | 'name' | 'role' | 'joinedAt' | 'device' | 'ipHash' | 'org' | 'registered'>): Member {
  const { org, registered, ...rest } = fields;
  return { ...rest, ...membershipOf({ org, registered }), status: 'present', silenced: false, chatMuted: false, cameraOff: false, hadFloor: false, spokenMs: 0, floorCount: 0 };
}

/**
 * The member organization and registration fields as events and records carry them: present only
 * when set, so a person without either keeps the exact shape (and log bytes) they had before.
 */
export function membershipOf(x: { org?: MemberOrg | null; registered?: boolean }): { org?: MemberOrg; registered?: true } {
  return { ...(x.org ? { org: x.org } : {}), ...(x.registered ? { registered: true as const } : {}) };
}

export type PresentCounts = Readonly<Record<Role, number>>;

const NOBODY: PresentCounts = Object.freeze({ host: 0, moderator: 0, speaker: 0, participant: 0 });

export class Members {
  static readonly empty = new Members(OrderedMap(), NOBODY);

  /** From a snapshot's record (O(N), once per snapshot or stored state). */
  static fromRecord(record: Readonly<Record<string, Member>>): Members {
    return Members.of(Object.values(record));
  }

  /** From member records in order; a later record of the same identity replaces an earlier one. */
  static of(members: Iterable<Member>): Members {
    let out = Members.empty;
    for (const m of members) out = out.set(m);
    return out;
  }

  private constructor(
    private readonly byIdentity: OrderedMap<Identity, Member>,
    private readonly present: PresentCounts,
  ) {}

  get size(): number {
    return this.byIdentity.size;
  }

  get(identity: Identity): Member | undefined {
    return this.byIdentity.get(identity);
  }

  has(identity: Identity): boolean {
    return this.byIdentity.has(identity);
  }

  /** In arrival order. */
  values(): IterableIterator<Member> {
    return this.byIdentity.values();
  }

  identities(): IterableIterator<Identity> {
    return this.byIdentity.keys();
  }

  entries(): IterableIterator<[Identity, Member]> {
    return this.byIdentity.entries();
  }

  /** With this record in place of the member of the same identity (or added at the end). */
  set(member: Member): Members {
    const before = this.byIdentity.get(member.identity);
    if (before === member) return this;
    let present = this.present;
    if (before?.status === 'present') present = { ...present, [before.role]: present[before.role] - 1 };
    if (member.status === 'present') present = { ...present, [member.role]: present[member.role] + 1 };
    return new Members(this.byIdentity.set(member.identity, member), present);
  }

  /** With the member of this identity changed (nothing changes when there is none). */
  update(identity: Identity, change: (m: Member) => Member): Members {
    const m = this.byIdentity.get(identity);
    return m ? this.set(change(m)) : this;
  }

  /** Every record passed through `change`, in the same order. O(N). */
  map(change: (m: Member) => Member): Members {
    const changed: Member[] = [];
    for (const m of this.byIdentity.values()) changed.push(change(m));
    return Members.of(changed);
  }

  /** Present people, optionally only those with the given roles. O(1). */
  presentCount(roles: readonly Role[] = ROLES): number {
    let n = 0;
    for (const role of roles) n += this.present[role];
    return n;
  }

  /** The wire and stored form: a plain record in arrival order. O(N). */
  toRecord(): Record<string, Member> {
    const record: Record<string, Member> = {};
    for (const [id, m] of this.byIdentity) record[id] = m;
    return record;
  }

  /** JSON.stringify writes the wire form. */
  toJSON(): Record<string, Member> {
    return this.toRecord();
  }
}
