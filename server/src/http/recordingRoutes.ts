import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { SlugSchema, type RecordingFile, type RecordingList, type RecordingSummary } from '@multaqa/shared';
import { DownloadLinks } from '../auth/downloadLinks.ts';
import { DomainError } from '../domain/errors.ts';
import { mayDownloadRecordings } from '../domain/recording/recordingState.ts';
import { RECORDING_FILE_PATTERN } from '../domain/recording/tracks.ts';
import type { Logger } from '../logger.ts';
import { LOG, type Manifest, type RecordingArchive } from '../store/recordingArchive.ts';
import type { RecordingClaim } from '../store/recordingStore.ts';
import { sendFailure, sendRefusal } from './httpErrors.ts';
import { claimsOf, type Identify } from './joinTokenAuth.ts';

export type RecordingRoutesOptions = {
  archive: RecordingArchive;
  /** The recording running in a session now (to tell an interrupted one from a running one). */
  current: (sessionId: string) => Promise<RecordingClaim | null>;
  /** Who a join token is for: the one admission path (a withdrawn link is refused). */
  identify: Identify;
  /** Signs the short-lived download links. */
  tokenSecret: string;
  logger: Logger;
};

const SessionParams = z.object({ sessionId: SlugSchema });
const FileParams = z.object({ sessionId: SlugSchema, recordingId: z.uuid(), file: z.string().regex(RECORDING_FILE_PATTERN) });
const SignedQuery = z.object({ expires: z.coerce.number().int(), signature: z.string().min(1).max(200) });

const filePath = ({ sessionId, recordingId, file }: z.infer<typeof FileParams>) => `/api/recording-files/${sessionId}/${recordingId}/${file}`;

const notFound = (response: Response) => sendRefusal(response, 'NOT_FOUND', 'no such recording file');

/**
 * Organizers list a session's recordings and download their files:
 *   GET /api/sessions/:sessionId/recordings                                   (Authorization: Bearer <organizer join token>)
 *   GET /api/sessions/:sessionId/recordings/:recordingId/files/:file          (the same)
 *   GET /api/recording-files/:sessionId/:recordingId/:file?expires=&signature= (a signed link from the list)
 * The join token is only ever taken from the header, never from a URL.
 */
export function recordingRoutes({ archive, current, identify, tokenSecret, logger }: RecordingRoutesOptions): Router {
  const router = Router();
  const links = new DownloadLinks(tokenSecret);

  /** Refuses a request that is not from an organizer of `sessionId` (with a link not withdrawn). */
  async function assertOrganizerOf(request: Request, sessionId: string): Promise<void> {
    const claims = await claimsOf(request, identify, 'send your organizer join token as Authorization: Bearer <token>');
    if (claims.sessionId !== sessionId || !mayDownloadRecordings(claims.grant)) {
      throw new DomainError('FORBIDDEN', "only this session's organizers may see its recordings");
    }
  }

  function guarded(handler: (request: Request, response: Response) => Promise<void>) {
    return (request: Request, response: Response) => {
      response.setHeader('Cache-Control', 'private, no-store');
      handler(request, response).catch((error: unknown) => {
        if (!sendFailure(response, error, 'the recordings cannot be reached right now; try again in a moment')) {
          logger.error({ err: error, path: request.path }, 'recording request failed');
        }
      });
    };
  }

  async function send(response: Response, params: z.infer<typeof FileParams>): Promise<void> {
    const path = await archive.fileOf(params.sessionId, params.recordingId, params.file);
    if (!path) return notFound(response);
    await new Promise<void>((resolve) => {
      response.download(path, params.file, { dotfiles: 'deny' }, (error) => {
        if (error && !response.headersSent) notFound(response);
        resolve();
      });
    });
  }

  router.get(
    '/api/sessions/:sessionId/recordings',
    guarded(async (request, response) => {
      const params = SessionParams.safeParse(request.params);
      if (!params.success) return notFound(response);
      await assertOrganizerOf(request, params.data.sessionId);
      const [manifests, running] = await Promise.all([archive.list(params.data.sessionId), current(params.data.sessionId)]);
      // Sizes from the disk: a recording cut short has files its manifest could not size.
      const sizes = await Promise.all(
        manifests.map(async (manifest) => {
          const files = [...manifest.tracks.map((track) => track.file), LOG];
          const bytes = await Promise.all(files.map((file) => archive.sizeOf(manifest.sessionId, manifest.id, file)));
          return new Map(files.map((file, index) => [file, bytes[index]!]));
        }),
      );
      const list: RecordingList = { recordings: manifests.map((manifest, index) => summaryOf(manifest, running, links, sizes[index]!)) };
      response.json(list);
    }),
  );

  router.get(
    '/api/sessions/:sessionId/recordings/:recordingId/files/:file',
    guarded(async (request, response) => {
      const params = FileParams.safeParse(request.params);
      if (!params.success) return notFound(response);
      await assertOrganizerOf(request, params.data.sessionId);
      await send(response, params.data);
    }),
  );

  router.get(
    '/api/recording-files/:sessionId/:recordingId/:file',
    guarded(async (request, response) => {
      const params = FileParams.safeParse(request.params);
      const query = SignedQuery.safeParse(request.query);
      if (!params.success || !query.success || !links.verify(filePath(params.data), query.data.expires, query.data.signature)) {
        return sendRefusal(response, 'FORBIDDEN', 'this download link is not valid or has expired; list the recordings again');
      }
      response.setHeader('Referrer-Policy', 'no-referrer');
      await send(response, params.data);
    }),
  );

  return router;
}

function summaryOf(manifest: Manifest, running: RecordingClaim | null, links: DownloadLinks, sizes: Map<string, number>): RecordingSummary {
  const link = (file: string) => links.sign(filePath({ sessionId: manifest.sessionId, recordingId: manifest.id, file }));
  const tracks: RecordingFile[] = manifest.tracks.map((track) => ({
    name: track.file,
    kind: track.kind,
    source: track.source,
    codec: track.codec,
    ...(track.language ? { language: track.language } : {}),
    ...(track.participant ? { participant: track.participant } : {}),
    bytes: sizes.get(track.file) ?? 0,
    startOffsetMs: track.startOffsetMs,
    ...(track.durationMs !== undefined ? { durationMs: track.durationMs } : {}),
    ...(track.stoppedEarly ? { stoppedEarly: true } : {}),
    ...(track.part ? { part: track.part } : {}),
    ...(track.failed ? { failed: track.failed } : {}),
    url: link(track.file),
  }));
  const log: RecordingFile = { name: LOG, kind: 'log', source: 'log', codec: 'json', bytes: sizes.get(LOG) ?? 0, url: link(LOG) };
  const status = manifest.status === 'complete' ? 'complete' : running?.id === manifest.id ? 'recording' : 'interrupted';
  return {
    id: manifest.id,
    sessionId: manifest.sessionId,
    startedAt: manifest.startedAt,
    stoppedAt: manifest.stoppedAt,
    status,
    by: manifest.by,
    files: [...tracks, log],
  };
}
