import helmet from 'helmet';

/**
 * helmet's headers with a Content-Security-Policy the built page passes: its
 * scripts and styles are files of its own origin (vite), React and recharts
 * set style attributes (style-src 'unsafe-inline'), the socket is same-origin.
 * Embedding is FRAME_ANCESTORS' choice ('none' without it); X-Frame-Options
 * cannot name other sites, so it is left out when embedding is allowed.
 * helmet's upgrade-insecure-requests is left out: the demo runs on plain HTTP.
 */
export function securityHeaders(frameAncestors: readonly string[]) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: frameAncestors.length > 0 ? [...frameAncestors] : ["'none'"],
      },
    },
    xFrameOptions: frameAncestors.length > 0 ? false : { action: 'deny' },
  });
}
