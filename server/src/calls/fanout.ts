// The sockets of one call and what goes out on them. Each event is serialised at most three times
// (the staff copy, the audience copy, the copy for the person it is about), encoded to bytes once,
// and the same bytes go to every socket of that view. An event the audience does not get (a silent
// participant arriving or leaving) costs only the staff sockets and its subject's, not a pass over
// everyone: that keeps a join storm linear. Waiters in the lobby get nothing; sockets that stopped
// reading are cut off. Who is staff and who waits is kept per connection, updated from the events
// (only an event about a person changes their role or status), so the loop over every socket reads
// no state.
import { CLOSE_CODES, isStaff, ownCopiesOf, peopleOf, subjectOf, type Event, type ServerFrame } from '@caucus/shared';
import { MAX_BUFFERED_BYTES, type Connection, type FrameText } from './connection';
import { encodeServerFrame, encodeServerFrameBytes } from './frames';
import type { RedactedViews, Remembered } from './redacted-views';

export class Fanout {
  private readonly connections = new Map<string, Connection>();
  /** The connected hosts and moderators: an event the audience does not get goes only to them. */
  private readonly staffConnected = new Set<string>();
  /** Connected people in the lobby (or denied): they get nothing of the call. */
  private readonly waitingConnected = new Set<string>();
  /** While a command runs, closes wait here: the sender hears its ack before any socket closes. */
  private heldCloses: (() => void)[] | null = null;

  constructor(
    private readonly views: RedactedViews,
    /** A socket that stopped reading was dropped (already closed and detached). */
    private readonly onTooSlow: (conn: Connection) => void,
  ) {}

  get size(): number {
    return this.connections.size;
  }

  identities(): string[] {
    return [...this.connections.keys()];
  }

  get(identity: string): Connection | undefined {
    return this.connections.get(identity);
  }

  isCurrent(conn: Connection): boolean {
    return this.connections.get(conn.identity) === conn;
  }

  /** Registers a socket as this person's; an older socket of theirs is closed as replaced. */
  attach(conn: Connection): void {
    const previous = this.connections.get(conn.identity);
    if (previous && previous !== conn) this.close(previous, CLOSE_CODES.replaced, 'replaced');
    this.connections.set(conn.identity, conn);
    this.classify(conn.identity);
  }

  /** Forgets a socket (if it is still this person's current one). */
  detach(conn: Connection): boolean {
    if (!this.isCurrent(conn)) return false;
    this.connections.delete(conn.identity);
    this.classify(conn.identity);
    return true;
  }

  /** Detaches now; the socket itself closes now, or after the running command's reply. */
  close(conn: Connection, code: number, reason: string): void {
    this.detach(conn);
    const run = () => conn.close(code, reason);
    if (this.heldCloses) this.heldCloses.push(run);
    else run();
  }

  closeAll(code: number, reason: string): void {
    for (const conn of [...this.connections.values()]) this.close(conn, code, reason);
  }

  /** Runs `work` with closes held until it returns (nested calls share the outer hold). */
  holdCloses<T>(work: () => T): T {
    if (this.heldCloses) return work();
    const held: (() => void)[] = (this.heldCloses = []);
    try {
      return work();
    } finally {
      this.heldCloses = null;
      for (const run of held) run();
    }
  }

  /** One frame to one person (a snapshot, `admitted`): a socket that stopped reading is cut off here too. */
  sendTo(identity: string, frame: ServerFrame): void {
    const conn = this.connections.get(identity);
    if (conn) this.deliver(conn, encodeServerFrame(frame));
  }

  /** One frame to everyone who may see the call (not the waiters). */
  sendToAll(frame: ServerFrame): void {
    const bytes = encodeServerFrameBytes(frame);
    for (const [identity, conn] of this.connections) if (!this.waitingConnected.has(identity)) this.deliver(conn, bytes);
  }

  /** Files a connected person as staff, waiting or neither, from the current state. */
  private classify(identity: string): void {
    const connected = this.connections.has(identity);
    if (connected && isStaff(this.views.viewerOf(identity).role)) this.staffConnected.add(identity);
    else this.staffConnected.delete(identity);
    if (connected && this.views.isWaiting(identity)) this.waitingConnected.add(identity);
    else this.waitingConnected.delete(identity);
  }

  /** The events of one decision, already applied: who they are about is re-filed first. */
  broadcast(entries: Remembered[]): void {
    // An event may name many people (the raid shield moves a whole list to the lobby).
    for (const { event } of entries) for (const identity of peopleOf(event)) this.classify(identity);
    for (const entry of entries) this.broadcastOne(entry);
  }

  private broadcastOne(entry: Remembered): void {
    const { seq, event } = entry;
    // The subject (or each voter of a sealed batch) gets a copy of their own, made for them.
    const own = ownCopiesOf(event);
    const frame = (e: Event | null) => (e ? encodeServerFrameBytes({ type: 'event', seq, event: e }) : null);
    const audienceBytes = frame(entry.audience);
    let staffBytes: Uint8Array | null | undefined;
    const targets: Iterable<string> = audienceBytes === null ? new Set([...this.staffConnected, ...own]) : this.connections.keys();
    for (const identity of targets) {
      const conn = this.connections.get(identity);
      if (!conn || this.waitingConnected.has(identity)) continue;
      let bytes: Uint8Array | null;
      // Own copies first: a host who answered a poll gets their answer, the other staff do not
      // (the shared staff copy is made for a staff member the event has no own copy for).
      if (own.includes(identity)) bytes = frame(this.views.visibleTo(entry, this.views.viewerOf(identity)));
      else if (this.staffConnected.has(identity)) bytes = staffBytes === undefined ? (staffBytes = frame(this.views.visibleTo(entry, this.views.viewerOf(identity)))) : staffBytes;
      else bytes = audienceBytes;
      if (bytes !== null) this.deliver(conn, bytes);
    }
  }

  private deliver(conn: Connection, text: FrameText): void {
    if (!conn.isOpen()) return;
    if (conn.bufferedAmount() > MAX_BUFFERED_BYTES) {
      this.close(conn, CLOSE_CODES.too_slow, 'too_slow');
      this.onTooSlow(conn);
      return;
    }
    conn.send(text);
  }
}
