// Chat goes through our server (chat_send), where it is moderated. Text is rendered as text.
import { CHAT_MAX_CHARS, type CallState, type Identity } from '@caucus/shared';
import { useEffect, useRef, useState } from 'react';
import { useCommand } from '../hooks/useCommand';
import { formatClock } from '../lib/format';

export interface ChatItem {
  kind: 'message' | 'deleted';
  id: string;
  at: number;
  from?: Identity;
  text?: string;
}

/** Messages in state plus a placeholder where a moderator deleted one (from the events we saw). */
export function chatItems(call: CallState, deletions: readonly { id: string; at: number }[]): ChatItem[] {
  const items: ChatItem[] = call.chat.map((m) => ({ kind: 'message', id: m.id, at: m.at, from: m.from, text: m.text }));
  for (const d of deletions) items.push({ kind: 'deleted', id: `deleted-${d.id}`, at: d.at });
  return items.sort((a, b) => a.at - b.at);
}

export function Chat({
  call,
  you,
  staff,
  deletions,
}: {
  call: CallState;
  you: Identity;
  staff: boolean;
  deletions: readonly { id: string; at: number }[];
}) {
  const send = useCommand();
  const [text, setText] = useState('');
  const listRef = useRef<HTMLOListElement>(null);
  const me = call.members.get(you);
  const items = chatItems(call, deletions);
  const disabled = !call.settings.chatEnabled;
  const muted = me?.chatMuted ?? false;

  useEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [items.length]);

  return (
    <section className="panel chat" aria-labelledby="chat-title">
      <h2 id="chat-title">Chat</h2>
      <ol ref={listRef} className="chat-list" aria-label="Chat messages" data-testid="chat-list" tabIndex={0}>
        {items.map((item) =>
          item.kind === 'deleted' ? (
            <li key={item.id} className="chat-deleted">
              A moderator removed a message.
            </li>
          ) : (
            <li key={item.id} className="chat-message" data-testid="chat-message">
              <span className="chat-meta">
                <strong>{call.members.get(item.from!)?.name ?? 'someone'}</strong> <time>{formatClock(item.at)}</time>
              </span>
              <span className="chat-text">{item.text}</span>
              {staff ? (
                <button type="button" className="link" onClick={() => send({ type: 'chat_delete', messageId: item.id }, 'Message deleted')} aria-label="Delete this message">
                  Delete
                </button>
              ) : null}
            </li>
          ),
        )}
      </ol>
      {disabled ? (
        <p className="notice" data-testid="chat-disabled">
          The moderators have turned the chat off.
        </p>
      ) : muted ? (
        <p className="notice" data-testid="chat-muted">
          A moderator muted you in the chat.
        </p>
      ) : (
        <form
          className="chat-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!text.trim()) return;
            if (await send({ type: 'chat_send', text })) setText('');
          }}
        >
          <label htmlFor="chat-input" className="visually-hidden">
            Message
          </label>
          <input id="chat-input" value={text} maxLength={CHAT_MAX_CHARS} onChange={(e) => setText(e.target.value)} placeholder="Write to everyone" autoComplete="off" data-testid="chat-input" />
          <button type="submit">Send</button>
        </form>
      )}
    </section>
  );
}
