/**
 * The whole test run connects from 127.0.0.1, as no real audience does: the per-address limits
 * are lifted for it (the flood test sets real ones, and sends each client's address as a proxy
 * would). Per-person limits stay as in production.
 */
export const LIFTED_ADDRESS_LIMITS = {
  CONNECTIONS_PER_IP_PER_MINUTE: '10000000',
  JOINS_PER_IP_PER_MINUTE: '10000000',
  MAX_CONNECTIONS_PER_IP: '100000',
  REQUESTS_PER_CONNECTION_PER_10S: '10000000',
} as const;
