/** Bumped on every incompatible change of the wire protocol; a client sends it on join. */
export const PROTOCOL_VERSION = 1;
