// The coalition's ban list in the console (owners and organizers): every ban imposed in any call,
// who, when, by whom, why, in which call, how far it reaches and until when, with the evidence the
// moderator attached; lift a ban, or widen a moderator's per-call ban to the whole coalition.
// Each change is logged with the account that made it and kept on the ban (lifted_by,
// widened_by); in a running call it also lands in the call's audit log (member_unbanned by system).
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Principal } from '../../accounts/principal';
import type { BanEntry } from '../../bans/ban-match';
import { HttpError } from '../../http/errors';
import { parseOrThrow } from '../../http/validate';
import { requireOrganizer } from './call-auth';
import { idParams } from './schemas';

const listQuery = z.strictObject({
  /** `1`: lifted and expired bans too. */
  all: z.enum(['0', '1']).default('0'),
  callId: z.string().min(1).max(64).optional(),
  /** Paging: bans created before this time (ISO), from the last page's oldest. */
  before: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** What the console shows of a ban: never the fingerprints themselves, only what they hold. */
export function publicBan(ban: BanEntry, callTitle: string | null, now: number) {
  return {
    id: ban.id,
    call: { id: ban.callId, title: callTitle },
    identity: ban.identity,
    name: ban.name,
    role: ban.role,
    scope: ban.scope,
    reason: ban.reason,
    by: ban.byName,
    at: new Date(ban.createdAt).toISOString(),
    expiresAt: isoOrNull(ban.expiresAt),
    holds: { browser: ban.device !== null, network: ban.network, account: ban.accountId !== null, invitation: ban.invitationId !== null },
    evidence: ban.evidence,
    widened: ban.widenedAt === null ? null : { at: isoOrNull(ban.widenedAt), by: ban.widenedBy },
    lifted: ban.liftedAt === null ? null : { at: isoOrNull(ban.liftedAt), by: ban.liftedBy },
    status: ban.liftedAt !== null ? ('lifted' as const) : ban.expiresAt !== null && ban.expiresAt <= now ? ('expired' as const) : ('active' as const),
  };
}

const nameOf = (p: Principal) => (p.kind === 'account' ? p.account.name : 'Organizer key');

const bans: FastifyPluginAsync = async (app) => {
  const view = (ban: BanEntry) => publicBan(ban, app.store.getCall(ban.callId)?.title ?? null, Date.now());

  app.get('/api/console/bans', async (req, reply) => {
    reply.header('cache-control', 'no-store');
    requireOrganizer(app, req);
    const q = parseOrThrow(listQuery, req.query, 'query');
    const list = app.bans.store.list(
      { all: q.all === '1', callId: q.callId, before: q.before ? Date.parse(q.before) : undefined, limit: q.limit },
      Date.now(),
    );
    return { bans: list.map(view) };
  });

  app.post('/api/console/bans/:id/lift', async (req) => {
    const { id } = parseOrThrow(idParams, req.params, 'path');
    const by = requireOrganizer(app, req);
    const lifted = app.bans.lift(id, nameOf(by));
    if (!lifted) throw new HttpError(404, 'not_found', 'No such ban in force');
    req.log.info({ banId: id, callId: lifted.callId, accountId: by.kind === 'account' ? by.account.id : null }, 'ban lifted from the console');
    return { ban: view(lifted) };
  });

  app.post('/api/console/bans/:id/widen', async (req) => {
    const { id } = parseOrThrow(idParams, req.params, 'path');
    const by = requireOrganizer(app, req);
    const existing = app.bans.store.get(id);
    if (!existing || existing.liftedAt !== null) throw new HttpError(404, 'not_found', 'No such ban in force');
    if (existing.scope === 'coalition') throw new HttpError(409, 'conflict', 'This ban already holds for every call of the coalition');
    const widened = app.bans.widen(id, nameOf(by))!;
    req.log.info({ banId: id, callId: widened.callId, accountId: by.kind === 'account' ? by.account.id : null }, 'ban widened to the coalition from the console');
    return { ban: view(widened) };
  });
};

export default bans;
