// The coalition's ban list as the console reads and changes it (docs/API.md, "Ban list").
import type { BanEvidence, BanScope, Role } from '@caucus/shared';
import { send } from '../console-api';

export interface ConsoleBan {
  id: string;
  call: { id: string; title: string | null };
  identity: string;
  name: string;
  role: Role;
  scope: BanScope;
  reason: string;
  by: string;
  at: string;
  expiresAt: string | null;
  holds: { browser: boolean; network: boolean; account: boolean; invitation: boolean };
  evidence: BanEvidence;
  widened: { at: string; by: string } | null;
  lifted: { at: string; by: string } | null;
  status: 'active' | 'expired' | 'lifted';
}

export const listBans = (all: boolean) => send<{ bans: ConsoleBan[] }>('GET', `/api/console/bans${all ? '?all=1' : ''}`);
export const liftBan = (id: string) => send<{ ban: ConsoleBan }>('POST', `/api/console/bans/${encodeURIComponent(id)}/lift`);
export const widenBan = (id: string) => send<{ ban: ConsoleBan }>('POST', `/api/console/bans/${encodeURIComponent(id)}/widen`);
