// Placeholder shell until the call screens land: shows where a link leads.
export function App() {
  const params = new URLSearchParams(window.location.search);
  const callId = /^\/c\/([^/]+)/.exec(window.location.pathname)?.[1];
  return (
    <main>
      <h1>Caucus</h1>
      {callId ? (
        <p>
          Call <code>{callId}</code>
          {params.has('invite') ? ' (invite link)' : ''}
        </p>
      ) : (
        <p>Moderated video calls for coalitions.</p>
      )}
    </main>
  );
}
