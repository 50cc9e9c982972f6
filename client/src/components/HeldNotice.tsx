// A participant's own chat messages that wait for a moderator (links, a first message): said
// plainly, so nobody sends the same message five times wondering where it went.
import { useCall } from '../hooks/useCallSelector';
import { useYou } from '../hooks/useYou';

export function HeldNotice() {
  const you = useYou();
  const mine = useCall((c) => c.heldChat.filter((m) => m.from === you.identity).length);
  if (mine === 0) return null;
  return (
    <p className="notice" role="status" data-testid="chat-held">
      {mine === 1 ? 'Your message waits' : `${mine} of your messages wait`} for a moderator to approve {mine === 1 ? 'it' : 'them'}.
    </p>
  );
}
