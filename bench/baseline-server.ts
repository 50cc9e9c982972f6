// The practical limit: a bare `ws` server that broadcasts a frame to every connected client, with
// nothing else to do. It does what a well-written Node broadcaster does: the frame is encoded
// once and the same Buffer goes to every socket as a text frame (no per-message compression).
//
// Control frames from the load generator (any client may send them):
//   {"go": k, "sizes": [s1, s2, ...]}   broadcast one text frame of each size, in order, to all
//   {"mem": true}                       answer {"mem": process.memoryUsage()} after a full GC
// HTTP, the same contract as the Caucus server with CAUCUS_FANOUT_TIMING=1:
//   GET /api/internal/fanout-timings    200 {"samples": [ms, ...]} and clears them: for each `go`,
//                                       the time from the message handler receiving it to the
//                                       last socket.send() of the round returning
// Usage: node --expose-gc --import tsx bench/baseline-server.ts <port>
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { WebSocketServer } from 'ws';
// The same recorder as the Caucus server's (a bounded ring of numbers), so both pay the same for it.
import { FanoutTimings } from '../server/src/calls/fanout-timings';
import { FANOUT_TIMINGS_PATH } from './lib/fanout-timings';

const port = Number(process.argv[2] ?? 27950);
const timings = new FanoutTimings();

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === FANOUT_TIMINGS_PATH) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ samples: timings.drain() }));
    return;
  }
  res.writeHead(404).end();
});
const wss = new WebSocketServer({ server, perMessageDeflate: false });

/** A JSON event-shaped frame of exactly `size` bytes (ASCII), so clients parse what Caucus clients parse. */
function frameOf(round: number, index: number, last: boolean, size: number): Buffer {
  const head = `{"type":"event","seq":${round},"i":${index},"last":${last},"pad":"`;
  const tail = '"}';
  const pad = Math.max(0, size - head.length - tail.length);
  return Buffer.from(head + 'x'.repeat(pad) + tail);
}

wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    const received = performance.now();
    const msg = JSON.parse(data.toString()) as { go?: number; sizes?: number[]; mem?: boolean };
    if (msg.mem) {
      (globalThis as { gc?: () => void }).gc?.();
      (globalThis as { gc?: () => void }).gc?.();
      socket.send(JSON.stringify({ mem: process.memoryUsage(), clients: wss.clients.size }));
      return;
    }
    if (msg.go === undefined || !msg.sizes) return;
    msg.sizes.forEach((size, i) => {
      const frame = frameOf(msg.go!, i, i === msg.sizes!.length - 1, size);
      for (const client of wss.clients) client.send(frame, { binary: false });
    });
    timings.record(performance.now() - received);
  });
  socket.on('error', () => {});
});

server.listen({ host: '127.0.0.1', port, backlog: 4096 }, () => console.log(`baseline listening on ${port}`));
process.on('SIGTERM', () => {
  for (const client of wss.clients) client.terminate();
  wss.close();
  server.close(() => process.exit(0));
});
