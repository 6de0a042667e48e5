import { JoinPage } from './features/join/JoinPage.tsx';
import { OperatorPage } from './features/operator/OperatorPage.tsx';

/** The join flow (from a join link), the operator view (an organizer's link), and a short explanation for everyone else. */
export function App() {
  if (window.location.pathname.startsWith('/join')) return <JoinPage />;
  if (window.location.pathname.startsWith('/operator')) return <OperatorPage />;
  return (
    <main className="page narrow">
      <h1>Multaqa</h1>
      <p>Live-interpreted conferences in the browser.</p>
      <p>Open the join link you were sent by the organizers to take part in a session.</p>
    </main>
  );
}
