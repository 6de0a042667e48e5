/** What identifies a join link in use: enough to tell whether a withdrawal takes it back. */
export type LinkIdentity = { tokenId: string; sessionId: string; participantId: string; issuedAt: number };

/**
 * A join link taken back before it expires: one link by its id (a leaked link), or every link
 * of a person for a session issued before a moment (seconds; a new link is issued to them later).
 */
export type Withdrawal =
  | { type: 'link'; tokenId: string }
  | { type: 'person'; sessionId: string; participantId: string; issuedBefore: number };

/** Whether `withdrawal` takes back the link `link`. */
export function withdraws(withdrawal: Withdrawal, link: LinkIdentity): boolean {
  if (withdrawal.type === 'link') return withdrawal.tokenId === link.tokenId;
  return withdrawal.sessionId === link.sessionId && withdrawal.participantId === link.participantId && link.issuedAt < withdrawal.issuedBefore;
}
