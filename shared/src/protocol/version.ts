// Checked in the handshake: a client speaking another version is closed with 4000.
// version.test.ts fails when the frame schemas change and this number does not.
// History:
//   1 - first version: hello/ping + commands; snapshot/event/ack/error/pong/admitted.
export const PROTOCOL_VERSION = 1;
