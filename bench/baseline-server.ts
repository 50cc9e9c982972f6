// The practical limit: a bare `ws` server that broadcasts a frame to every connected client, with
// nothing else to do. It does what a well-written Node broadcaster does: the frame is encoded
// once and the same Buffer goes to every socket as a text frame (no per-message compression).
//
// Control frames from the load generator (any client may send them):
//   {"go": k, "sizes": [s1, s2, ...]}   broadcast one text frame of each size, in order, to all
//   {"mem": true}                       answer {"mem": process.memoryUsage()} after a full GC
// Usage: node --expose-gc --import tsx bench/baseline-server.ts <port>
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2] ?? 27950);
const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false, backlog: 4096 });

/** A JSON event-shaped frame of exactly `size` bytes (ASCII), so clients parse what Caucus clients parse. */
function frameOf(round: number, index: number, last: boolean, size: number): Buffer {
  const head = `{"type":"event","seq":${round},"i":${index},"last":${last},"pad":"`;
  const tail = '"}';
  const pad = Math.max(0, size - head.length - tail.length);
  return Buffer.from(head + 'x'.repeat(pad) + tail);
}

wss.on('connection', (socket) => {
  socket.on('message', (data) => {
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
  });
  socket.on('error', () => {});
});

wss.on('listening', () => console.log(`baseline listening on ${port}`));
process.on('SIGTERM', () => wss.close(() => process.exit(0)));
