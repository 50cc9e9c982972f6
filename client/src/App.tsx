import { useDocumentTitle } from './hooks/useDocumentTitle';
import { CallPage } from './screens/CallPage';
import { parseRoute } from './lib/route';
import { ConsoleApp } from './console/ConsoleApp';
import { parseConsoleRoute } from './console/route';

export function App() {
  const consoleRoute = parseConsoleRoute(window.location);
  if (consoleRoute) return <ConsoleApp route={consoleRoute} />;
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
        <p>
          Organizers and moderators: <a href="/signin">sign in to the console</a>.
        </p>
      </div>
    </main>
  );
}
