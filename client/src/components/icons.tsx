/**
 * Inline SVG icons: they render the same on any TV browser, unlike symbol
 * fonts. Always placed next to a text label; colour and shape never carry
 * meaning alone.
 */
const PATHS = {
  dot: <circle cx="12" cy="12" r="6.5" />,
  bell: (
    <path d="M12 2.5a6.5 6.5 0 0 0-6.5 6.5v4.2L3.3 16.6c-.4.6 0 1.4.8 1.4h15.8c.8 0 1.2-.8.8-1.4l-2.2-3.4V9A6.5 6.5 0 0 0 12 2.5zM9.3 19.5a2.8 2.8 0 0 0 5.4 0z" />
  ),
  phone: (
    <path d="M6.6 10.8a15.2 15.2 0 0 0 6.6 6.6l2.2-2.2c.3-.3.7-.4 1-.2 1.1.4 2.3.6 3.6.6.6 0 1 .4 1 1V20c0 .6-.4 1-1 1A17 17 0 0 1 3 4c0-.6.4-1 1-1h3.5c.6 0 1 .4 1 1 0 1.3.2 2.5.6 3.6.1.3 0 .7-.2 1z" />
  ),
  pencil: (
    <path d="M3 17.3V21h3.7L17.8 9.9l-3.7-3.7zM20.7 7a1 1 0 0 0 0-1.4l-2.3-2.3a1 1 0 0 0-1.4 0l-1.8 1.8 3.7 3.7z" />
  ),
  pause: (
    <>
      <rect x="5.5" y="4" width="4.5" height="16" rx="1" />
      <rect x="14" y="4" width="4.5" height="16" rx="1" />
    </>
  ),
  off: (
    <path
      d="M12 3v8M7.1 6.3a7.5 7.5 0 1 0 9.8 0"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.6"
      strokeLinecap="round"
    />
  ),
  check: (
    <path d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm-1.6 14.6-4.3-4.3 1.7-1.7 2.6 2.6 5.8-5.8 1.7 1.7z" />
  ),
  warning: <path d="M12 2.2 1.2 21h21.6zM10.9 9h2.2l-.3 6.2h-1.6zm1.1 7.7a1.3 1.3 0 1 1 0 2.6 1.3 1.3 0 0 1 0-2.6z" />,
  alert: (
    <path d="M8 2h8l6 6v8l-6 6H8l-6-6V8zm2.8 5 .3 7h1.8l.3-7zM12 15.6a1.4 1.4 0 1 0 0 2.8 1.4 1.4 0 0 0 0-2.8z" />
  ),
  sync: (
    <path
      d="M19.5 12a7.5 7.5 0 0 1-13.1 5M4.5 12a7.5 7.5 0 0 1 13.1-5M18 3v4.2h-4.2M6 21v-4.2h4.2"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.4"
      strokeLinecap="round"
      strokeLinejoin="round"
    />
  ),
  cross: (
    <path d="M5 5l14 14M19 5 5 19" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
  ),
  link: (
    <path
      d="M10 14a4.5 4.5 0 0 0 6.4 0l3.2-3.2a4.5 4.5 0 0 0-6.4-6.4l-1 1M14 10a4.5 4.5 0 0 0-6.4 0l-3.2 3.2a4.5 4.5 0 0 0 6.4 6.4l1-1"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.4"
      strokeLinecap="round"
    />
  ),
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      viewBox="0 0 24 24"
      fill="currentColor"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name]}
    </svg>
  );
}
