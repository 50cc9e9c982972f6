// The owner of a call in this process, as its gateway sees it (embedded mode, or this instance
// holds the call's lease): every question is answered at once, synchronously.
import type { CallState, Command, ProtocolError } from '@caucus/shared';
import { CallCore, type CallCoreDeps } from './call-core';
import { CallRoom, type CallRoomDeps, type OwnerLink } from './call-room';
import type { Clock } from './clock';
import type { ExecuteResult } from './command-pipeline';

/** The owner in this process, as its gateway sees it. */
export class LocalOwner implements OwnerLink {
  constructor(
    private readonly core: CallCore,
    private readonly gateway: string,
    private readonly ensureRoom: () => Promise<void>,
  ) {}

  get enforcer() {
    return this.core.enforcer;
  }

  execute(command: Command, actor: string, receivedAt?: number): ExecuteResult {
    return this.core.execute(command, actor, receivedAt);
  }

  ballot(identity: string, voteId: string, choices: readonly number[], ref: string | undefined): ProtocolError | null {
    return this.core.ballot(identity, voteId, choices, ref);
  }

  attached(identity: string): void {
    this.core.attached(identity, this.gateway);
  }

  detached(identity: string, left: boolean): void {
    this.core.detached(identity, this.gateway, left);
  }

  async tokened(identity: string): Promise<void> {
    await this.ensureRoom();
    this.core.enforcer?.tokenIssued(identity);
  }
}


/**
 * A call whose owner and only gateway are in this process, wired as the registry wires them in
 * embedded mode, without LiveKit: for unit tests and the benchmark's in-process scenarios.
 */
export function localCall(callId: string, state: CallState, seq: number, deps: Omit<CallRoomDeps, 'owner'> & Pick<CallCoreDeps, 'spikeRule'> & { clock: Clock }) {
  const room: CallRoom = new CallRoom(callId, state, seq, { ...deps, owner: () => owner });
  const core = new CallCore(
    callId,
    room.state,
    seq,
    { published: (stored, contexts, at) => room.fold(stored, contexts, at), frameTo: (identity, frame) => room.sendTo(identity, frame), replaced: () => undefined },
    { store: deps.store, log: deps.log, clock: deps.clock, spikeRule: deps.spikeRule },
  );
  const owner = new LocalOwner(core, 'local', async () => {});
  core.start(null);
  return { room, core };
}
