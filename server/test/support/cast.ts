// A call with one person of every kind the authorization matrix and the fuzzer act as: host,
// moderator, speaker and participant (present, with sockets), a lobby waiter (socket open), a
// moderator the host removed and one the host banned (sessions kept: the strongest credentials a
// sanctioned person can still hold), plus fresh targets on demand so destructive commands never
// act on the cast itself.
import type { CallState } from '@caucus/shared';
import { createCall, join, type CreatedCall, type Joined, type RoleName } from '../../../test/api';
import type { TestServer } from '../../../test/server';
import { TestClient } from '../../../test/ws-client';

export interface Target {
  joined: Joined;
  identity: string;
  client?: TestClient;
}

export interface Person extends Target {
  client: TestClient;
}

export class Cast {
  private sockets: TestClient[] = [];
  private counter = 0;

  private constructor(
    readonly server: TestServer,
    readonly created: CreatedCall,
    readonly host: Person,
    readonly moderator: Person,
    readonly speaker: Person,
    readonly participant: Person,
    readonly waiter: Person,
    /** A moderator the host removed: session token and device cookie still in hand. */
    readonly removed: Joined,
    /** A moderator the host banned: session token and device cookie still in hand. */
    readonly banned: Joined,
  ) {}

  get callId(): string {
    return this.created.call.id;
  }

  /** The server's in-memory room (the authority the tests compare against). */
  room() {
    return this.server.app.calls.get(this.callId)!;
  }

  get seq(): number {
    return this.room().seq;
  }

  get state(): CallState {
    return this.room().state;
  }

  static async open(server: TestServer, settings: Record<string, unknown> = {}): Promise<Cast> {
    const created = await createCall(server.baseUrl, { ...settings, lobby: false });
    const sockets: TestClient[] = [];
    const enter = async (role: RoleName, name: string): Promise<Person> => {
      const joined = await join(server.baseUrl, created, role, name);
      const client = await TestClient.ready(server.baseUrl, created.call.id, joined.sessionToken);
      sockets.push(client);
      return { joined, client, identity: joined.identity };
    };
    const [host, moderator, speaker, participant, removed, banned] = await Promise.all([
      enter('host', 'Host'),
      enter('moderator', 'Moderator'),
      enter('speaker', 'Speaker'),
      enter('participant', 'Participant'),
      join(server.baseUrl, created, 'moderator', 'Removed Moderator'),
      join(server.baseUrl, created, 'moderator', 'Banned Moderator'),
    ]);
    await host.client.ok({ type: 'remove', participant: removed.identity, reason: 'disruptive' });
    await host.client.ok({ type: 'ban', participant: banned.identity, reason: 'raid' });
    await host.client.ok({ type: 'set_lobby', enabled: true });
    const waiter = await enter('participant', 'Waiting Person');
    if (waiter.client.you?.status !== 'lobby') throw new Error('the waiter should be in the lobby');
    const cast = new Cast(server, created, host, moderator, speaker, participant, waiter, removed, banned);
    cast.sockets.push(...sockets);
    return cast;
  }

  /** A new person to act on, present (admitted by the host if the lobby is on), maybe with a socket. */
  async fresh(role: RoleName = 'participant', opts: { connect?: boolean } = {}): Promise<Target> {
    const joined = await join(this.server.baseUrl, this.created, role, `Target ${++this.counter}`);
    if (joined.lobby) await this.host.client.ok({ type: 'admit', participant: joined.identity });
    const client = opts.connect ? await this.connect(joined.sessionToken) : undefined;
    return { joined, identity: joined.identity, client };
  }

  /** A fresh present person with an open socket. */
  async freshConnected(role: RoleName = 'participant'): Promise<Person> {
    return (await this.fresh(role, { connect: true })) as Person;
  }

  /** A new person waiting in the lobby (the lobby must be on). */
  async freshWaiter(): Promise<Joined> {
    const joined = await join(this.server.baseUrl, this.created, 'participant', `Knocking ${++this.counter}`);
    if (!joined.lobby) throw new Error('expected the newcomer to wait in the lobby');
    return joined;
  }

  async connect(sessionToken: string): Promise<TestClient> {
    const client = await TestClient.ready(this.server.baseUrl, this.callId, sessionToken);
    this.sockets.push(client);
    return client;
  }

  /** A socket that never says hello (or says it with whatever the caller sends). */
  async rawSocket(): Promise<TestClient> {
    const client = await TestClient.connect(this.server.baseUrl, this.callId, null);
    this.sockets.push(client);
    return client;
  }

  close(): void {
    for (const s of this.sockets) if (!s.closed) s.close();
  }
}
