// Memory, load-generator side: the orchestrator measures the server (after a full GC, through the
// inspector) with only the host connected, asks for N idle participants, measures again. The same
// for the bare `ws` server, whose frames answer {"mem": true} with its own memoryUsage.
import WebSocket from 'ws';
import type { BenchClient, CreatedCall } from '../lib/caucus-client';
import { closeAll, fill, openCall } from '../lib/people';
import { pool } from '../lib/stats';

export class MemoryScenario {
  private call: CreatedCall | null = null;
  private host: BenchClient | null = null;
  private people: BenchClient[] = [];
  private sockets: WebSocket[] = [];

  async setup(baseUrl: string, organizerKey: string): Promise<void> {
    const opened = await openCall(baseUrl, organizerKey);
    this.call = opened.call;
    this.host = opened.host;
  }

  async fill(baseUrl: string, n: number, concurrency: number): Promise<{ connected: number }> {
    this.people = await fill(baseUrl, this.call!, n, concurrency);
    return { connected: this.people.filter((p) => !p.closed).length };
  }

  async baselineConnect(url: string, n: number): Promise<{ connected: number }> {
    this.sockets = new Array(n);
    await pool(n, 100, async (i) => {
      const socket = new WebSocket(url, { perMessageDeflate: false });
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      this.sockets[i] = socket;
    });
    return { connected: n };
  }

  /** Asks the bare server for its memory after a GC (its own answer, over one more socket). */
  async baselineMemory(url: string): Promise<{ mem: NodeJS.MemoryUsage; clients: number }> {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const answer = await new Promise<{ mem: NodeJS.MemoryUsage; clients: number }>((resolve) => {
      socket.on('message', (data: Buffer) => {
        const msg = JSON.parse(data.toString());
        if (msg.mem) resolve(msg);
      });
      socket.send(JSON.stringify({ mem: true }));
    });
    socket.terminate();
    return answer;
  }

  close(): void {
    closeAll(this.people);
    this.host?.close();
    for (const s of this.sockets) s?.terminate();
    this.people = [];
    this.sockets = [];
  }
}
