import type { OperatorProcess } from '@multaqa/shared';
import { cpuPercent, megabytes } from './levels.ts';

/** Each server process's share of the session and its load, worker by worker. */
export function ProcessesPanel({ processes }: { processes: OperatorProcess[] }) {
  return (
    <section className="operator-panel" aria-labelledby="operator-processes">
      <h2 id="operator-processes">Server processes</h2>
      <table className="operator-processes">
        <thead>
          <tr>
            <th scope="col">Process</th>
            <th scope="col">In this session</th>
            <th scope="col">Connections</th>
            <th scope="col">Consumers</th>
            <th scope="col">CPU</th>
            <th scope="col">Memory</th>
            <th scope="col">Event loop lag</th>
            <th scope="col">Workers (routers · transports · consumers · CPU)</th>
          </tr>
        </thead>
        <tbody>
          {processes.map((process) => (
            <ProcessRow key={process.id} process={process} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ProcessRow({ process }: { process: OperatorProcess }) {
  const { load } = process;
  return (
    <tr data-testid="operator-process" data-answered={process.answered}>
      <th scope="row">
        {process.url ?? process.id.slice(0, 8)}
        {process.self && <span className="muted"> (this one)</span>}
        {!process.answered && <span className="badge">not answering</span>}
      </th>
      <td>{process.participants}</td>
      <td>{load?.sockets ?? '–'}</td>
      <td>{load ? `${load.consumers} / ${load.capacity}` : '–'}</td>
      <td>{load ? cpuPercent(load.cpu) : '–'}</td>
      <td>{load ? megabytes(load.rssBytes) : '–'}</td>
      <td>{load ? `${load.eventLoopLagMs.toFixed(1)} ms` : '–'}</td>
      <td>
        <ul className="workers">
          {load?.workers.map((worker) => (
            <li key={worker.index} data-testid="operator-worker">
              #{worker.index}
              {worker.alive ? ` (pid ${worker.pid}): ${worker.routers} · ${worker.transports} · ${worker.consumers} · ${cpuPercent(worker.cpu)}` : ': being replaced'}
            </li>
          ))}
        </ul>
      </td>
    </tr>
  );
}
