declare const __BUILD_ID__: string | undefined;

/** This page's build (set by client/build-id-plugin.ts); null where no build made it (unit tests). */
export const PAGE_BUILD_ID: string | null = typeof __BUILD_ID__ === 'string' ? __BUILD_ID__ : null;

/** A new build is deployed when the server names one and it is not this page's. */
export function isNewBuild(pageBuild: string | null, serverBuild: string | null): boolean {
  return pageBuild !== null && serverBuild !== null && serverBuild !== pageBuild;
}
