import { PROTOCOL_VERSION, STAGE_ROLES, type MediaSource, type ProducerInfo } from '@multaqa/shared';
import { MediaSession } from '../media/mediaSession.ts';
import type { JoinLink } from '../signaling/joinLink.ts';
import { RequestError, SignalingClient } from '../signaling/signalingClient.ts';
import { exposeForDiagnostics } from '../diagnostics.ts';
import { initialSessionState, type SessionState } from './sessionState.ts';
import { Store } from './store.ts';

/** Errors after which joining again cannot help. */
const FINAL_JOIN_ERRORS = new Set(['UNAUTHENTICATED', 'NOT_FOUND', 'FORBIDDEN', 'VALIDATION_FAILED']);

/**
 * Runs one person's presence in a session: joins (and re-joins after a reconnect), receives
 * the stage, publishes their own camera and microphone if they are on stage.
 */
export class SessionController {
  readonly state = new Store<SessionState>(initialSessionState);
  #signaling: SignalingClient | undefined;
  #media: MediaSession | undefined;
  #finished = false;
  #rejoinAfterServerDisconnect = false;

  constructor(
    private readonly link: JoinLink,
    private readonly localStream: MediaStream | undefined,
  ) {
    const local: SessionState['local'] = {};
    const microphone = localStream?.getAudioTracks()[0];
    const camera = localStream?.getVideoTracks()[0];
    if (microphone) local.microphone = { track: microphone, on: true };
    if (camera) local.camera = { track: camera, on: true };
    this.state.update((s) => ({ ...s, local }));
  }

  start(): void {
    const signaling = new SignalingClient();
    this.#signaling = signaling;
    const { socket } = signaling;
    socket.on('connect', () => void this.#join());
    socket.on('disconnect', (reason) => {
      this.#dropMedia();
      if (this.#finished) return;
      this.#set({ phase: 'reconnecting', notice: 'Connection lost. Reconnecting…' });
      // Socket.IO does not reconnect by itself after a server-side disconnect; a media restart wants it.
      if (reason === 'io server disconnect' && this.#rejoinAfterServerDisconnect) {
        this.#rejoinAfterServerDisconnect = false;
        setTimeout(() => socket.connect(), 300);
      }
    });
    socket.io.on('reconnect_attempt', () => {
      if (!this.#finished) this.#set({ phase: 'reconnecting', notice: 'Cannot reach the server. Retrying…' });
    });
    socket.on('connect_error', () => {
      if (!this.#finished) this.#set({ notice: `Cannot reach the server at ${window.location.host}. Retrying…` });
    });

    signaling.on('participant:joined', ({ participant }) =>
      this.state.update((s) => ({ ...s, stage: [...s.stage.filter((p) => p.id !== participant.id), participant] })),
    );
    signaling.on('participant:left', ({ participantId }) =>
      this.state.update((s) => ({
        ...s,
        stage: s.stage.filter((p) => p.id !== participantId),
        activeSpeakerId: s.activeSpeakerId === participantId ? null : s.activeSpeakerId,
      })),
    );
    signaling.on('session:countChanged', ({ participantCount }) => this.#set({ participantCount }));
    signaling.on('speaker:activeChanged', ({ participantId }) => this.#set({ activeSpeakerId: participantId }));
    signaling.on('producer:added', ({ producer }) => void this.#receive(producer));
    signaling.on('producer:closed', ({ producerId }) => this.#forgetProducer(producerId));
    signaling.on('consumer:closed', ({ consumerId }) => this.#forgetConsumer(consumerId));
    signaling.on('producer:paused', ({ producerId }) => this.#markPaused(producerId, true));
    signaling.on('producer:resumed', ({ producerId }) => this.#markPaused(producerId, false));
    signaling.on('session:ended', ({ reason, message }) => {
      if (reason === 'MEDIA_RESTARTED' || reason === 'SERVER_SHUTDOWN') {
        this.#rejoinAfterServerDisconnect = true; // the disconnect that follows re-joins
        this.#set({ notice: 'The server is restarting. Reconnecting…' });
        return;
      }
      this.#finish('ended', message);
    });

    exposeForDiagnostics({ state: this.state.get, receiveStats: () => this.receiveStats() });
  }

  async leave(): Promise<void> {
    if (this.#finished) return;
    await this.#signaling?.request('session:leave', {}).catch(() => undefined);
    this.#finish('left', 'You left the session.');
  }

  async setPublishing(source: MediaSource, on: boolean): Promise<void> {
    const local = this.state.get().local[source];
    if (!local) return;
    local.track.enabled = on;
    this.state.update((s) => ({ ...s, local: { ...s.local, [source]: { ...local, on } } }));
    await this.#media?.setPublishing(source, on);
  }

  receiveStats() {
    return this.#media?.receiveStats() ?? Promise.resolve({ framesDecoded: 0, audioSamplesReceived: 0, audioBytesReceived: 0 });
  }

  async #join(): Promise<void> {
    const signaling = this.#signaling!;
    this.#set({ phase: 'joining', notice: undefined });
    try {
      const joined = await signaling.request('session:join', { token: this.link.token, protocolVersion: PROTOCOL_VERSION });
      this.state.update((s) => ({
        ...s,
        self: joined.self,
        session: joined.session,
        stage: joined.stage,
        participantCount: joined.participantCount,
        producers: [],
        remote: [],
      }));
      this.#media = await MediaSession.start(signaling);
      for (const producer of joined.producers) await this.#receive(producer);
      await this.#publishLocal();
      this.#set({ phase: 'joined' });
    } catch (error) {
      if (error instanceof RequestError && FINAL_JOIN_ERRORS.has(error.code)) {
        this.#finish('ended', `Could not join: ${error.message}.`);
      } else {
        this.#set({ notice: `Joining failed (${error instanceof Error ? error.message : String(error)}). Retrying…` });
        this.#dropMedia();
        setTimeout(() => signaling.socket.connected && !this.#finished && void this.#join(), 2_000);
      }
    }
  }

  async #publishLocal(): Promise<void> {
    const self = this.state.get().self;
    if (!self || !STAGE_ROLES.includes(self.grant.role)) return;
    for (const source of ['microphone', 'camera'] as const) {
      const local = this.state.get().local[source];
      if (!local || !this.#media) continue;
      const producerId = await this.#media.publish(source, local.track);
      if (!local.on) await this.#media.setPublishing(source, false);
      this.state.update((s) => ({ ...s, local: { ...s.local, [source]: { ...local, producerId } } }));
    }
  }

  async #receive(producer: ProducerInfo): Promise<void> {
    const media = this.#media;
    if (!media || producer.participantId === this.state.get().self?.id) return;
    if (media.consumerIdOf(producer.id)) return;
    this.state.update((s) => ({ ...s, producers: [...s.producers.filter((p) => p.id !== producer.id), producer] }));
    try {
      const consumed = await media.consume(producer);
      if (media !== this.#media) return;
      this.state.update((s) => ({
        ...s,
        remote: [
          ...s.remote,
          {
            consumerId: consumed.consumerId,
            producerId: producer.id,
            participantId: producer.participantId,
            source: producer.source,
            track: consumed.track,
          },
        ],
      }));
    } catch (error) {
      console.warn('could not receive', producer, error);
    }
  }

  #forgetProducer(producerId: string): void {
    const consumerId = this.#media?.consumerIdOf(producerId);
    if (consumerId) this.#media?.dropConsumer(consumerId);
    this.state.update((s) => ({
      ...s,
      producers: s.producers.filter((p) => p.id !== producerId),
      remote: s.remote.filter((r) => r.producerId !== producerId),
    }));
  }

  #forgetConsumer(consumerId: string): void {
    this.#media?.dropConsumer(consumerId);
    this.state.update((s) => ({ ...s, remote: s.remote.filter((r) => r.consumerId !== consumerId) }));
  }

  #markPaused(producerId: string, paused: boolean): void {
    this.state.update((s) => ({ ...s, producers: s.producers.map((p) => (p.id === producerId ? { ...p, paused } : p)) }));
  }

  #dropMedia(): void {
    this.#media?.close();
    this.#media = undefined;
    this.state.update((s) => ({ ...s, remote: [], producers: [] }));
  }

  #finish(phase: 'left' | 'ended', notice: string): void {
    this.#finished = true;
    this.#dropMedia();
    this.#signaling?.close();
    for (const track of this.localStream?.getTracks() ?? []) track.stop();
    this.#set({ phase, notice });
  }

  #set(patch: Partial<SessionState>): void {
    this.state.update((s) => ({ ...s, ...patch }));
  }
}
