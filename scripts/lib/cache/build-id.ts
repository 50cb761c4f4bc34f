declare const __STK_BUILD__: string | undefined;

/**
 * The identity of the bundle that runs: a hash of the sources and the lock file it was built from (set by
 * `npm run build`), or undefined when the sources run directly (tsx, the tests). Caches of what rules
 * found name it in their keys, so that a plugin update never serves findings of the rules it replaced.
 */
export const buildId: string | undefined = typeof __STK_BUILD__ === 'string' ? __STK_BUILD__ : undefined;
