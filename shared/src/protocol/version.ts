// Checked in the handshake: a client speaking another version is closed with 4000.
// version.test.ts fails when the frame schemas change and this number does not.
// History:
//   1 - first version: hello/ping + commands; snapshot/event/ack/error/pong/admitted.
//   2 - presence for thousands: non-staff see only listed members (Member.listed) and a head
//       count (`presence` frame, snapshot.present); events that list someone may carry their
//       record (`member`).
//       Call formats and doors: settings.format (stage | conversation) and settings.doorsOpen;
//       host commands set_format and open_doors; events format_changed and doors_opened.
//   3 - `resumed {seq}` after an accepted resume, after the events it replayed (if any).
//   4 - captions: host commands appoint_captioner / dismiss_captioner, the captioner's caption
//       {text, speaker?, final, lineId?}; events captioner_appointed, captioner_dismissed,
//       caption_added; Member.captioner, snapshot.captions. The floor-holder's screen share:
//       host command set_floor_screen_share, event floor_screen_share_changed,
//       settings.floorScreenShare.
//   5 - member organizations: join / member_joined / member_waiting / member_admitted, Member and
//       Waiter carry optional `org {id, name, weight} | null` and `registered`. Polls, votes and
//       questions (issue 14).
export const PROTOCOL_VERSION = 5;
