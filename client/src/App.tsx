import { useDocumentTitle } from './hooks/useDocumentTitle';
import { CallPage } from './screens/CallPage';
import { parseRoute } from './lib/route';

export function App() {
  const route = parseRoute(window.location);
  switch (route.page) {
    case 'call':
      return <CallPage callId={route.callId} invite={route.invite} />;
    case 'home':
      return <Home />;
  }
}

function Home() {
  useDocumentTitle('Welcome');
  return (
    <main className="centered">
      <div className="card">
        <h1>Caucus</h1>
        <p>Moderated video calls for coalitions. Open the invite link you were sent to join a call.</p>
      </div>
    </main>
  );
}
