// Plain Socket.IO, as the yardstick for our signalling fan-out: every client joins one room, and
// a control client's "broadcast" is emitted to the room as it is. Prints its URL as one line.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const httpServer = createServer();
const io = new Server(httpServer, { serveClient: false });
io.on('connection', (socket) => {
  if (socket.handshake.query.control === '1') {
    socket.on('broadcast', (payload: unknown) => io.to('room').emit('queue:changed', payload));
    return;
  }
  void socket.join('room');
});
httpServer.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(httpServer.address() as AddressInfo).port}\n`);
});
