// Where to go after logging in: the page the person came from, if it is one of ours.

/** Only same-site paths are followed after login, never another origin. */
export function safeRedirect(target: string | undefined): string {
  if (!target?.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return '/';
  if (target.startsWith('/login')) return '/';
  return target;
}
