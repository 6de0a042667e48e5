/**
 * A session router's load, as placement sees it; `workerLoad` is how busy its worker is with
 * every session (its routers), to choose between routers of the session that are equally loaded.
 */
export type RouterLoad = { id: string; consumers: number; listeners: number; workerLoad?: number };

export type Placement = { open: true } | { open: false; id: string };

/**
 * Where a session's next listener goes. A listener soon holds about one consumer per producer of
 * the session (`perListener`), so a router's load is what it has or what its listeners will
 * have, whichever is more. The least-loaded router with room wins (on a tie, the one whose
 * worker is less busy; then the first listed: the home router); when none has room, a new router on another worker (`canOpen`), or else the least
 * loaded one all the same — a full session still lets people in.
 */
export function placeListener(routers: readonly RouterLoad[], options: { budget: number; perListener: number; canOpen: boolean }): Placement {
  const perListener = Math.max(1, options.perListener);
  const expected = (router: RouterLoad) => Math.max(router.consumers, router.listeners * perListener);
  const leastLoaded = (candidates: readonly RouterLoad[]) =>
    candidates.reduce<RouterLoad | undefined>((least, router) => {
      if (!least) return router;
      const [mine, theirs] = [expected(router), expected(least)];
      return mine < theirs || (mine === theirs && (router.workerLoad ?? 0) < (least.workerLoad ?? 0)) ? router : least;
    }, undefined);
  const roomy = leastLoaded(routers.filter((router) => expected(router) + perListener <= options.budget));
  if (roomy) return { open: false, id: roomy.id };
  if (options.canOpen || routers.length === 0) return { open: true };
  return { open: false, id: leastLoaded(routers)!.id };
}
