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
//   5 - membership starts at the first hello, not at the HTTP join: the hello runs the join, a
//       refusal says why (error + close 4006 locked, 4007 full, 4001 unauthorized for a revoked
//       or expired session), and an admitted person gets `admitted` (LiveKit URL and token)
//       before the snapshot. member_silenced.bySuspension: an arrival during a suspension.
//       bans across the coalition: ban {scope?, durationMin?, reports?, messages?}; member_banned
//       gains scope, expiresAt and evidence (copied reports and chat lines); Ban.scope, Ban.expiresAt.
//       member organizations: join / member_joined / member_waiting / member_admitted, Member and
//       Waiter carry optional `org {id, name, weight} | null` and `registered`. Polls, votes and
//       questions (issue 14).
//       raids: the raid shield (raise_shield {window, since?}, lift_shield; events shield_raised,
//       moved_to_lobby, shield_lifted; state.shield), the join-rate alert (join_spike, staff only;
//       state.spike), "ban all selected" (ban_many), flood controls (set_flood_controls,
//       flood_controls_changed, settings.flood; set_auto_shield, auto_shield_changed,
//       settings.autoShield), held chat (chat_held, chat_approve/chat_reject -> chat_released /
//       chat_rejected; state.heldChat), Member.arrivedAt, state.pace (always null on the wire);
//       error codes slow_mode, too_new, duplicate, limit_reached; the `review` request and frame.
export const PROTOCOL_VERSION = 5;
