import { OPERATOR_OVERVIEW_PATH, OperatorOverviewResponseSchema, type OperatorOverview } from '@multaqa/shared';

export type OverviewAnswer =
  | { kind: 'overview'; overview: OperatorOverview }
  /** The link will never work (not valid, expired, not an organizer's): no point asking again. */
  | { kind: 'refused'; status: number; code: string; message: string }
  /** Nothing usable now (the network, a server restarting): asked again shortly. */
  | { kind: 'unavailable'; message: string };

/** One request for the overview, its answer checked against the shared schema. */
export async function requestOverview(token: string, fetcher: typeof fetch = fetch): Promise<OverviewAnswer> {
  let response: Response;
  try {
    response = await fetcher(OPERATOR_OVERVIEW_PATH, { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
  } catch {
    return { kind: 'unavailable', message: 'The server cannot be reached.' };
  }
  const body = OperatorOverviewResponseSchema.safeParse(await response.json().catch(() => undefined));
  if (!body.success) return { kind: 'unavailable', message: `The server answered ${response.status} with something this page cannot read.` };
  if (body.data.ok) return { kind: 'overview', overview: body.data.data };
  const { code, message } = body.data.error;
  if (response.status === 401 || response.status === 403) return { kind: 'refused', status: response.status, code, message };
  return { kind: 'unavailable', message };
}
