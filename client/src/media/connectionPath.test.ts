import { describe, expect, it } from 'vitest';
import { selectedPath } from './connectionPath.ts';

const candidates = [
  { id: 'L1', type: 'local-candidate', protocol: 'udp', candidateType: 'host' },
  { id: 'L2', type: 'local-candidate', protocol: 'udp', candidateType: 'relay', relayProtocol: 'tcp' },
  { id: 'R1', type: 'remote-candidate', protocol: 'udp', port: 40000 },
  { id: 'R2', type: 'remote-candidate', protocol: 'tcp', port: 40000 },
];

describe('selectedPath', () => {
  it("follows the transport's selected pair", () => {
    const reports = [
      ...candidates,
      { id: 'P1', type: 'candidate-pair', localCandidateId: 'L1', remoteCandidateId: 'R1', nominated: true, state: 'succeeded' },
      { id: 'P2', type: 'candidate-pair', localCandidateId: 'L2', remoteCandidateId: 'R2', nominated: true, state: 'succeeded' },
      { id: 'T', type: 'transport', selectedCandidatePairId: 'P2' },
    ];
    expect(selectedPath(reports)).toEqual({ protocol: 'udp', candidateType: 'relay', relayProtocol: 'tcp', remoteProtocol: 'tcp', remotePort: 40000 });
  });

  it('falls back to the nominated, succeeded pair', () => {
    const reports = [...candidates, { id: 'P1', type: 'candidate-pair', localCandidateId: 'L1', remoteCandidateId: 'R1', nominated: true, state: 'succeeded' }];
    expect(selectedPath(reports)).toMatchObject({ protocol: 'udp', candidateType: 'host', relayProtocol: undefined });
  });

  it('is undefined while no pair is selected', () => {
    expect(selectedPath([...candidates, { id: 'P1', type: 'candidate-pair', localCandidateId: 'L1', remoteCandidateId: 'R1', state: 'in-progress' }])).toBeUndefined();
  });
});
