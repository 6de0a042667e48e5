import { JoinPage } from './features/join/JoinPage.tsx';

/** Two pages: the join flow (from a join link) and a short explanation for everyone else. */
export function App() {
  if (window.location.pathname.startsWith('/join')) return <JoinPage />;
  return (
    <main className="page narrow">
      <h1>Multaqa</h1>
      <p>Live-interpreted conferences in the browser.</p>
      <p>Open the join link you were sent by the organizers to take part in a session.</p>
    </main>
  );
}
