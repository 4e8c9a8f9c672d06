// What the request log keeps of a URL: the path and the query, with the values of secret
// parameters replaced (a password-reset link carries its token as `?token=`; a live token
// in the log would let anyone who reads it set the password for 60 minutes).
const SECRET_PARAMETER = /token|secret|password|key/i;

export function loggableUrl(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return url;
  const params = new URLSearchParams(url.slice(start + 1));
  for (const name of [...new Set(params.keys())]) {
    if (SECRET_PARAMETER.test(name)) params.set(name, '[redacted]');
  }
  return `${url.slice(0, start)}?${params.toString()}`;
}
