import {
  PROTOCOL_VERSION,
  STAGE_ROLES,
  applyQueueDelta,
  type Booth,
  type QueueDelta,
  type MediaSource,
  type Participant,
  type RequestName,
  type RequestPayload,
  type RequestResult,
  type SpeakerQueue,
} from '@multaqa/shared';
import { exposeForDiagnostics } from '../diagnostics.ts';
import { ActionRequests } from './actionRequests.ts';
import { openCamera } from '../media/localMedia.ts';
import { MediaSession } from '../media/mediaSession.ts';
import type { JoinLink } from '../signaling/joinLink.ts';
import { RequestError, SignalingClient } from '../signaling/signalingClient.ts';
import { loadListeningPreference, saveListeningPreference } from './listeningPreference.ts';
import { RemoteMedia } from './remoteMedia.ts';
import { clockOffset } from './serverClock.ts';
import { ENDINGS_BY_REASON, FINAL_JOIN_ERRORS } from './endings.ts';
import { initialSessionState, type Ending, type SessionState } from './sessionState.ts';
import { forgetJoin, rememberJoinOf, rememberOn, type Rejoin } from './tabRejoin.ts';
import { followSessionUpdates, sessionUpdates } from './sessionUpdates.ts';
import { Store } from './store.ts';


/** How long "slow down was sent" stays in the booth console. */
const SLOW_DOWN_SENT_MS = 10_000;

/** How long a join that failed half-way waits before it is tried again. */
const JOIN_RETRY_MS = 2_000;

export type QueueRequest =
  | 'queue:raiseHand'
  | 'queue:lowerHand'
  | 'queue:remove'
  | 'queue:move'
  | 'queue:lowerAll'
  | 'floor:give'
  | 'floor:next'
  | 'floor:take'
  | 'floor:setTimeLimit';

export type BoothRequest = 'booth:goOnAir' | 'booth:goOffAir' | 'booth:offerHandover' | 'booth:cancelHandover';

/**
 * Runs one person's presence in a session: joins (and re-joins after a reconnect), receives
 * the stage and the chosen interpretation channel, publishes their own camera and microphone
 * (on stage) or voice (in a booth).
 */
export class SessionController {
  readonly state = new Store<SessionState>(initialSessionState);
  readonly #remote = new RemoteMedia(this.state);
  #signaling: SignalingClient | undefined;
  #media: MediaSession | undefined;
  #finished = false;
  #rejoinAfterServerDisconnect = false;
  #retryingJoin = false;
  #floorStream: MediaStream | undefined;
  #openingCamera = false;
  readonly #actions = new ActionRequests(this.state);
  #slowDownTimer: ReturnType<typeof setTimeout> | undefined;

  /** `initiallyOn`: which of the person's own sources start off (a reload keeps a muted microphone muted). */
  constructor(
    readonly link: JoinLink,
    private readonly localStream: MediaStream | undefined,
    initiallyOn: Rejoin['on'] = {},
  ) {
    const local: SessionState['local'] = {};
    const microphone = localStream?.getAudioTracks()[0];
    const camera = localStream?.getVideoTracks()[0];
    const own = (source: MediaSource, track: MediaStreamTrack) => {
      const on = initiallyOn[source] ?? true;
      track.enabled = on;
      local[source] = { track, on };
    };
    if (microphone) own(link.grant.role === 'interpreter' ? 'interpretation' : 'microphone', microphone);
    if (camera && link.grant.role !== 'interpreter') own('camera', camera);
    const preference = loadListeningPreference();
    this.state.update((s) => ({ ...s, local, ...preference }));
  }

  /** Call from the join click: audio may only start on a user gesture. */
  start(): void {
    // A reload of this tab comes straight back, with the same devices, on or off as they were.
    rememberJoinOf(this.link.token, this.localStream, this.state.get().local);
    void this.#remote.resumeAudio();
    const signaling = new SignalingClient();
    this.#signaling = signaling;
    const { socket } = signaling;
    socket.on('connect', () => void this.#join());
    socket.on('disconnect', (reason) => {
      signaling.setInSession(false);
      this.#dropMedia();
      if (this.#finished) return;
      if (reason === 'io client disconnect' && this.#retryingJoin) {
        // A join that failed half-way is tried again on a fresh connection; its notice says why.
        this.#retryingJoin = false;
        this.#set({ phase: 'reconnecting' });
        setTimeout(() => !this.#finished && socket.connect(), JOIN_RETRY_MS);
        return;
      }
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

    followSessionUpdates(signaling, this.state);
    signaling.on('producer:added', ({ producer }) => void this.#remote.receive(producer));
    signaling.on('producer:closed', ({ producerId }) => this.#remote.forgetProducer(producerId));
    signaling.on('consumer:closed', ({ consumerId }) => this.#remote.forgetConsumer(consumerId));
    signaling.on('media:serverMuteChanged', (change) => {
      this.state.update((s) => sessionUpdates.serverMuteChanged(s, change));
      // Muted by a moderator: the track stops too, as with the person's own mute button.
      const local = Object.values(this.state.get().local).find((l) => l?.producerId === change.producerId);
      if (local && !local.on) local.track.enabled = false;
    });
    signaling.on('queue:changed', ({ queue }) => this.#takeQueue(queue));
    signaling.on('queue:delta', (delta) => this.#takeQueueDelta(delta));
    signaling.on('session:ended', ({ reason, message }) => {
      const ending = ENDINGS_BY_REASON[reason];
      if (ending) {
        console.info('session ended', reason, message); // the server's words are English, for logs: the page says it by `ending`
        return this.#finish('ended', ending);
      }
      this.#rejoinAfterServerDisconnect = true; // the disconnect that follows re-joins
      this.#set({ notice: 'The server is restarting. Reconnecting…' });
    });

    exposeForDiagnostics({
      state: this.state.get,
      receiveStats: () => this.receiveStats(),
      connectionPaths: () => this.#media?.connectionPaths() ?? Promise.resolve({ send: undefined, recv: undefined }),
      levelAt: (hz) => this.#remote.levelAt(hz),
      bandLevelAt: (hz) => this.#remote.bandLevelAt(hz),
      sendStats: () => this.#media?.sendStats() ?? Promise.resolve({}),
    });
  }

  /** The person's click: the browser lets the tab's sound start (a page that joined by itself after a reload). */
  resumeSound(): Promise<void> {
    return this.#remote.resumeAudio();
  }

  async leave(): Promise<void> {
    if (this.#finished) return;
    forgetJoin();
    await this.#signaling?.request('session:leave', {}).catch(() => undefined);
    this.#finish('left', 'left');
  }

  async setPublishing(source: MediaSource, on: boolean): Promise<void> {
    const local = this.state.get().local[source];
    if (!local) return;
    local.track.enabled = on;
    rememberOn(this.link.token, source, on);
    this.state.update((s) => sessionUpdates.ownPublishing(s, source, on));
    await this.#media?.setPublishing(source, on);
  }

  /** A listener picks the channel they hear (`null`: the floor); remembered for next time. */
  async chooseLanguage(language: string | null): Promise<void> {
    this.#set({ language });
    saveListeningPreference({ ...this.#preference(), language });
    // Not in the session right now (reconnecting): the join that brings the page back picks it.
    if (this.state.get().phase !== 'joined') return;
    await this.#signaling?.request('interpretation:selectLanguage', { language }).catch((error: unknown) => this.#actions.refused(error));
  }

  setFloorLevel(floorLevel: number): void {
    this.#set({ floorLevel });
    saveListeningPreference({ ...this.#preference(), floorLevel });
  }

  /** Receive no video (remembered, like the language). */
  async setAudioOnly(audioOnly: boolean): Promise<void> {
    this.#set({ audioOnly });
    saveListeningPreference({ ...this.#preference(), audioOnly });
    await this.#remote.setAudioOnly(audioOnly);
  }

  /** A tile's size changed: receive the camera layer that fits it. */
  readonly setVideoLayer = (consumerId: string, spatialLayer: number): void => {
    this.#remote.setVideoLayer(consumerId, spatialLayer);
  };

  readonly setVideoVisible = (consumerId: string, visible: boolean): void => {
    this.#remote.setVideoVisible(consumerId, visible);
  };

  #preference() {
    const { language, floorLevel, audioOnly } = this.state.get();
    return { language, floorLevel, audioOnly };
  }

  setVolume(volume: number): void {
    this.#set({ volume });
  }

  /** Any request whose result carries the queue (raise/lower, moderator actions on it and the floor). */
  async queueRequest<E extends QueueRequest>(request: E, payload: RequestPayload<E>, wants?: boolean): Promise<void> {
    const result = await this.#request(request, payload, wants);
    if (result) this.#takeQueue((result as { queue: SpeakerQueue }).queue);
  }

  /** Moderators: mute, mute all, remove. */
  async moderatePeople<E extends 'moderation:mute' | 'moderation:muteAll' | 'moderation:remove'>(request: E, payload: RequestPayload<E>): Promise<void> {
    await this.#request(request, payload);
  }

  /** A control's request: shown pending at once, not sent again while it is out (see ActionRequests). */
  #request<E extends RequestName>(request: E, payload: RequestPayload<E>, wants?: boolean, timeoutMs?: number): Promise<RequestResult<E> | undefined> {
    const target = (payload as { participantId?: string }).participantId;
    const action = { request, ...(target !== undefined ? { target } : {}), ...(wants !== undefined ? { wants } : {}) };
    return this.#actions.run(action, () => this.#signaling!.request(request, payload, timeoutMs));
  }

  async listParticipants(): Promise<Participant[]> {
    return (await this.#signaling!.request('moderation:listParticipants', {})).participants;
  }

  /**
   * Camera and microphone go to the stage: someone given the floor confirms, or a speaker who
   * joined to listen only starts them later.
   */
  async publishOwnMedia(stream: MediaStream | undefined): Promise<void> {
    if (!stream) return;
    const local: SessionState['local'] = {};
    const microphone = stream.getAudioTracks()[0];
    const camera = stream.getVideoTracks()[0];
    if (microphone) local.microphone = { track: microphone, on: true };
    if (camera) local.camera = { track: camera, on: true };
    this.#floorStream = stream;
    this.state.update((s) => ({ ...s, local: { ...s.local, ...local } }));
    try {
      await this.#publishSources(['microphone', 'camera']);
    } catch (error) {
      this.#actions.refused(error);
    }
  }

  /** A speaker on stage with the microphone only (the camera was blocked, or they chose so) turns the camera on. */
  async addCamera(): Promise<void> {
    // A second press while the browser opens the camera would open a second one.
    if (this.state.get().local.camera || this.#openingCamera) return;
    this.#openingCamera = true;
    try {
      const opened = await openCamera();
      if ('error' in opened) return this.#actions.refused(new Error(opened.error));
      // Stopped with the rest of the floor media when the floor is taken back or the person leaves.
      (this.#floorStream ??= new MediaStream()).addTrack(opened.track);
      this.state.update((s) => ({ ...s, local: { ...s.local, camera: { track: opened.track, on: true } } }));
      await this.#publishSources(['camera']);
      this.#actions.succeeded();
    } catch (error) {
      this.#actions.refused(error);
    } finally {
      this.#openingCamera = false;
    }
  }

  /** Moderators and organizers: start or stop recording the session (everyone hears of it through recording:changed). */
  async setRecording(on: boolean): Promise<void> {
    if (on) {
      const started = await this.#request('recording:start', {}, true);
      if (started) this.#set({ recording: started.recording });
    } else {
      // Answered once the files are written, which can take a few seconds.
      if (await this.#request('recording:stop', {}, false, 60_000)) this.#set({ recording: null });
    }
  }

  /** Organizers: the session's recordings, with short-lived download links (the join token goes in the header only). */
  /** An interpreter asks the speaker to slow down; the booth sees that it went out. */
  async askToSlowDown(): Promise<void> {
    this.#set({ slowDownSent: false });
    if (!(await this.#request('booth:slowDown', {}))) return;
    this.#set({ slowDownSent: true });
    clearTimeout(this.#slowDownTimer);
    this.#slowDownTimer = setTimeout(() => this.#set({ slowDownSent: false }), SLOW_DOWN_SENT_MS);
  }

  dismissHandNotice(): void {
    this.#set({ handNotice: undefined });
  }

  dismissSlowDown(): void {
    this.#set({ slowDown: undefined });
  }

  async boothAction(request: BoothRequest): Promise<void> {
    this.#takeBooth(await this.#request(request, {}));
  }

  /** Takes the channel: offered by the partner on air, or (`force`, confirmed) from one who is silent or gone. */
  async takeOver(force: boolean): Promise<void> {
    this.#takeBooth(await this.#request('booth:takeOver', { force }));
  }

  /** Not held back while another booth request is out: the cough's press and release must both go, at once. */
  async setCoughing(muted: boolean): Promise<void> {
    try {
      this.#takeBooth(await this.#signaling!.request('booth:setMuted', { muted }));
    } catch (error) {
      this.#actions.refused(error);
    }
  }

  /** An interpreter's input: the floor, or another booth (relay). */
  async setInput(language: string | null): Promise<void> {
    const input = language === null ? ({ kind: 'floor' } as const) : ({ kind: 'booth', language } as const);
    const result = await this.#request('booth:setInput', { input });
    if (!result) return;
    this.#set({ language });
    this.#takeBooth(result);
  }

  /** Whether the message went out (the field keeps a message that did not). */
  async sendBoothChat(text: string): Promise<boolean> {
    return (await this.#request('booth:sendChat', { text })) !== undefined;
  }

  receiveStats() {
    return this.#media?.receiveStats() ?? Promise.resolve({ framesDecoded: 0, audioSamplesReceived: 0, audioBytesReceived: 0, audioJitterBufferDelay: 0, audioJitterBufferEmitted: 0 });
  }

  #takeBooth(answer: { booth: Booth } | undefined): void {
    if (answer) this.state.update((s) => sessionUpdates.boothChanged(s, answer.booth, { answer: true }));
  }

  async #join(): Promise<void> {
    const signaling = this.#signaling!;
    this.#set({ phase: 'joining', notice: undefined });
    let acceptedByServer = false;
    try {
      const sentAt = Date.now();
      const joined = await signaling.request('session:join', { token: this.link.token, protocolVersion: PROTOCOL_VERSION });
      acceptedByServer = true;
      const offset = clockOffset(joined.serverTime, sentAt, Date.now());
      signaling.setServerClockOffset(offset);
      const self = joined.self;
      const ownBooth = self.grant.role === 'interpreter' ? joined.booths.find((b) => b.language === (self.grant as { language: string }).language) : undefined;
      const input = ownBooth?.interpreters.find((i) => i.id === self.id)?.input;
      // Interpreters hear their input; listeners their remembered channel, if this session has it.
      const wanted = input ? (input.kind === 'booth' ? input.language : null) : this.state.get().language;
      const language = wanted !== null && joined.booths.some((b) => b.language === wanted) ? wanted : null;
      this.state.update((s) => ({
        ...s,
        self,
        session: joined.session,
        stage: joined.stage,
        participantCount: joined.participantCount,
        activeSpeakerId: joined.activeSpeakerId,
        booths: joined.booths,
        listenerCounts: joined.listenerCounts,
        queue: joined.queue,
        queueAbsent: joined.queueAbsent,
        recording: joined.recording,
        clockOffset: offset,
        language,
        producers: [],
        remote: [],
      }));
      if (language !== null) await signaling.request('interpretation:selectLanguage', { language });
      this.#media = await MediaSession.start(signaling);
      await this.#remote.attach(this.#media, joined.producers);
      await this.#publishLocal();
      signaling.setInSession(true);
      this.#set({ phase: 'joined' });
      this.#actions.reconnected();
    } catch (error) {
      console.warn('join failed', error);
      const ending = error instanceof RequestError ? FINAL_JOIN_ERRORS[error.code] : undefined;
      if (ending) {
        this.#finish('ended', ending);
      } else {
        this.#set({ notice: `Joining failed (${error instanceof Error ? error.message : String(error)}). Retrying…` });
        this.#dropMedia();
        if (acceptedByServer) {
          // This connection is in the session already (a second join on it is refused): the
          // retry comes on a new one, which the server takes as the same person coming back.
          this.#retryingJoin = true;
          signaling.socket.disconnect();
          return;
        }
        setTimeout(() => signaling.socket.connected && !this.#finished && void this.#join(), JOIN_RETRY_MS);
      }
    }
  }

  async #publishLocal(): Promise<void> {
    const { self, queue } = this.state.get();
    if (!self) return;
    const onStage = STAGE_ROLES.includes(self.grant.role) || queue.current?.participantId === self.id;
    await this.#publishSources(self.grant.role === 'interpreter' ? ['interpretation'] : onStage ? ['microphone', 'camera'] : []);
  }

  async #publishSources(sources: MediaSource[]): Promise<void> {
    for (const source of sources) {
      const local = this.state.get().local[source];
      if (!local || !this.#media) continue;
      const producerId = await this.#media.publish(source, local.track);
      // The person may have pressed Mute (or Unmute) while it was being published: that holds.
      const on = this.state.get().local[source]?.on ?? local.on;
      if (!on) await this.#media.setPublishing(source, false);
      // A new producer: the old one's server mutes and flow state went with it.
      this.state.update((s) => ({ ...s, local: { ...s.local, [source]: { track: local.track, on: s.local[source]?.on ?? on, producerId } } }));
    }
  }

  /** A long queue changed: apply the delta, or fetch the whole queue when ours is not the one it changes. */
  #takeQueueDelta(delta: QueueDelta): void {
    const known = this.state.get().queue;
    if (delta.version <= known.version) return;
    const next = applyQueueDelta(known, delta);
    if (next) return this.#takeQueue(next);
    this.#signaling
      ?.request('queue:get', {})
      .then(({ queue }) => this.#takeQueue(queue))
      .catch((error: unknown) => console.warn('could not fetch the speaker queue', error));
  }

  #takeQueue(queue: SpeakerQueue): void {
    const { self, queue: known } = this.state.get();
    if (queue.version <= known.version) return;
    this.state.update((s) => sessionUpdates.queueChanged(s, queue));
    // The floor was taken back: the server closed the producers; let go of camera and microphone.
    const hadFloor = known.current?.participantId === self?.id;
    if (hadFloor && queue.current?.participantId !== self?.id && self && !STAGE_ROLES.includes(self.grant.role)) this.#dropFloorMedia();
  }

  #dropFloorMedia(): void {
    for (const source of ['microphone', 'camera'] as const) this.#media?.unpublish(source);
    for (const track of this.#floorStream?.getTracks() ?? []) track.stop();
    this.#floorStream = undefined;
    // What was said about the microphone went with it.
    this.state.update((s) => ({ ...s, local: {}, ...(s.noticeTopic === 'microphone' ? { notice: undefined, noticeTopic: undefined } : {}) }));
  }

  #dropMedia(): void {
    this.#remote.detach();
    this.#media?.close();
    this.#media = undefined;
  }

  /** Out of the session: `ending` is what the page says happened (a key, worded in the interface language), no notice. */
  #finish(phase: 'left' | 'ended', ending: Ending): void {
    this.#finished = true;
    clearTimeout(this.#slowDownTimer);
    this.#dropMedia();
    this.#remote.close();
    this.#signaling?.close();
    for (const track of this.localStream?.getTracks() ?? []) track.stop();
    this.#dropFloorMedia();
    this.#set({ phase, notice: undefined, ending });
  }

  #set(patch: Partial<SessionState>): void {
    // A notice set here is about the connection or the session, not a topic that clears it.
    this.state.update((s) => ({ ...s, ...('notice' in patch ? { noticeTopic: undefined } : {}), ...patch }));
  }
}
