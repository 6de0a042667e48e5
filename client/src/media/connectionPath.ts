/** How one transport reaches the server: the selected ICE candidate pair, as getStats() reports it. */
export type ConnectionPath = {
  /** Protocol between this browser and its first hop (the SFU, or the TURN server for a relay). */
  protocol: string;
  /** `host` for a direct path, `relay` through TURN (then `relayProtocol` says how the browser reached TURN). */
  candidateType: string;
  relayProtocol: string | undefined;
  /** The SFU's (or, relayed, the peer's) side of the pair. */
  remoteProtocol: string;
  remotePort: number;
};

type Report = Record<string, unknown> & { id?: unknown; type?: unknown };

/** The selected candidate pair of one RTCPeerConnection's stats; undefined while ICE has none. */
export function selectedPath(reports: Iterable<Report>): ConnectionPath | undefined {
  const byId = new Map<unknown, Report>();
  for (const report of reports) byId.set(report.id, report);
  const transport = [...byId.values()].find((report) => report.type === 'transport' && report.selectedCandidatePairId);
  const pair =
    (transport && byId.get(transport.selectedCandidatePairId)) ??
    [...byId.values()].find((report) => report.type === 'candidate-pair' && report.nominated && report.state === 'succeeded');
  const local = pair && byId.get(pair.localCandidateId);
  const remote = pair && byId.get(pair.remoteCandidateId);
  if (!local || !remote) return undefined;
  return {
    protocol: String(local.protocol),
    candidateType: String(local.candidateType),
    relayProtocol: local.relayProtocol === undefined ? undefined : String(local.relayProtocol),
    remoteProtocol: String(remote.protocol),
    remotePort: Number(remote.port),
  };
}
