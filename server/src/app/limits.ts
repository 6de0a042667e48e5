/**
 * What a person (or an address) may do how often, across every server process. Each is a
 * budget of actions per window: enough for people in a live event, not for a script.
 */
export const LIMITS = {
  /**
   * New connections from one address per minute (CONNECTIONS_PER_IP_PER_MINUTE: a venue behind
   * one NAT reconnecting after a restart must fit).
   */
  connectFromAddress: { points: 300, seconds: 60, what: 'connect' },
  /** Joins from one address per minute, whoever's links they carry (JOINS_PER_IP_PER_MINUTE). */
  joinFromAddress: { points: 300, seconds: 60, what: 'join' },
  /** Join pages checking their link, from one address (each join is one check and one join). */
  linkCheckFromAddress: { points: 600, seconds: 60, what: 'check links' },
  /** Joins with one person's links (reloads and reconnects included). */
  join: { points: 20, seconds: 60, what: 'join' },
  /** Raising and lowering a hand. */
  hand: { points: 5, seconds: 10, what: 'raise and lower your hand' },
  /** Booth changes: on air, handover, input (each one is told to the whole session). */
  booth: { points: 40, seconds: 10, what: 'change the booth' },
  /**
   * The cough button, pressed and let go. Counted by the process the interpreter is connected
   * to (one at a time), in its memory: nothing stands between a cough and the silence it makes.
   */
  cough: { points: 40, seconds: 10, what: 'press the cough button' },
  /** Booth chat messages. */
  chat: { points: 10, seconds: 10, what: 'send booth messages' },
  /** Asking the speaker to slow down: a signal, not a stream. */
  slowDown: { points: 1, seconds: 5, what: 'ask to slow down' },
} as const;

export type LimitName = keyof typeof LIMITS;
export type LimitBudgets = Partial<Record<LimitName, number>>;

/** Takes one action from the budget of `key` (a person's id, or an address), or throws RATE_LIMITED. */
export interface Limits {
  take(name: LimitName, key: string): Promise<void>;
}
