import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { SlugSchema, type RecordingFile, type RecordingList, type RecordingSummary } from '@multaqa/shared';
import { DownloadLinks } from '../auth/downloadLinks.ts';
import { verifyJoinToken } from '../auth/joinTokens.ts';
import { DomainError } from '../domain/errors.ts';
import { mayDownloadRecordings } from '../domain/recording/recordingState.ts';
import { RECORDING_FILE_PATTERN } from '../domain/recording/tracks.ts';
import type { Logger } from '../logger.ts';
import { LOG, type Manifest, type RecordingArchive } from '../store/recordingArchive.ts';
import type { RecordingClaim } from '../store/recordingStore.ts';

export type RecordingRoutesOptions = {
  archive: RecordingArchive;
  /** The recording running in a session now (to tell an interrupted one from a running one). */
  current: (sessionId: string) => Promise<RecordingClaim | null>;
  tokenSecret: string;
  logger: Logger;
};

const SessionParams = z.object({ sessionId: SlugSchema });
const FileParams = z.object({ sessionId: SlugSchema, recordingId: z.uuid(), file: z.string().regex(RECORDING_FILE_PATTERN) });
const SignedQuery = z.object({ expires: z.coerce.number().int(), signature: z.string().min(1).max(200) });

const filePath = ({ sessionId, recordingId, file }: z.infer<typeof FileParams>) => `/api/recording-files/${sessionId}/${recordingId}/${file}`;

type HttpError = { status: number; code: string; message: string };
const fail = (response: Response, { status, code, message }: HttpError) => response.status(status).json({ ok: false, error: { code, message } });
const NOT_FOUND: HttpError = { status: 404, code: 'NOT_FOUND', message: 'no such recording file' };

/**
 * Organizers list a session's recordings and download their files:
 *   GET /api/sessions/:sessionId/recordings                                   (Authorization: Bearer <organizer join token>)
 *   GET /api/sessions/:sessionId/recordings/:recordingId/files/:file          (the same)
 *   GET /api/recording-files/:sessionId/:recordingId/:file?expires=&signature= (a signed link from the list)
 * The join token is only ever taken from the header, never from a URL.
 */
export function recordingRoutes({ archive, current, tokenSecret, logger }: RecordingRoutesOptions): Router {
  const router = Router();
  const links = new DownloadLinks(tokenSecret);

  /** The organizer of `sessionId` the request is from, or the refusal it gets. */
  async function organizerOf(request: Request, sessionId: string): Promise<HttpError | undefined> {
    const match = /^Bearer ([A-Za-z0-9._-]{10,4096})$/.exec(request.get('authorization') ?? '');
    if (!match) return { status: 401, code: 'UNAUTHENTICATED', message: 'send your organizer join token as Authorization: Bearer <token>' };
    try {
      const claims = await verifyJoinToken(tokenSecret, match[1]!);
      if (claims.sessionId !== sessionId || !mayDownloadRecordings(claims.grant)) {
        return { status: 403, code: 'FORBIDDEN', message: "only this session's organizers may see its recordings" };
      }
      return undefined;
    } catch (error) {
      if (error instanceof DomainError) return { status: 401, code: error.code, message: error.message };
      throw error;
    }
  }

  function guarded(handler: (request: Request, response: Response) => Promise<void>) {
    return (request: Request, response: Response) => {
      response.setHeader('Cache-Control', 'private, no-store');
      handler(request, response).catch((error: unknown) => {
        logger.error({ err: error, path: request.path }, 'recording request failed');
        if (!response.headersSent) fail(response, { status: 500, code: 'INTERNAL', message: 'the server could not answer' });
      });
    };
  }

  async function send(response: Response, params: z.infer<typeof FileParams>): Promise<void> {
    const path = await archive.fileOf(params.sessionId, params.recordingId, params.file);
    if (!path) return void fail(response, NOT_FOUND);
    await new Promise<void>((resolve) => {
      response.download(path, params.file, { dotfiles: 'deny' }, (error) => {
        if (error && !response.headersSent) fail(response, NOT_FOUND);
        resolve();
      });
    });
  }

  router.get(
    '/api/sessions/:sessionId/recordings',
    guarded(async (request, response) => {
      const params = SessionParams.safeParse(request.params);
      if (!params.success) return void fail(response, NOT_FOUND);
      const refused = await organizerOf(request, params.data.sessionId);
      if (refused) return void fail(response, refused);
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
      if (!params.success) return void fail(response, NOT_FOUND);
      const refused = await organizerOf(request, params.data.sessionId);
      if (refused) return void fail(response, refused);
      await send(response, params.data);
    }),
  );

  router.get(
    '/api/recording-files/:sessionId/:recordingId/:file',
    guarded(async (request, response) => {
      const params = FileParams.safeParse(request.params);
      const query = SignedQuery.safeParse(request.query);
      if (!params.success || !query.success || !links.verify(filePath(params.data), query.data.expires, query.data.signature)) {
        return void fail(response, { status: 403, code: 'FORBIDDEN', message: 'this download link is not valid or has expired; list the recordings again' });
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
