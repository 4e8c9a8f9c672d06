// Starts a browser download of a GET route (CSV, PDF, zip): the session cookie goes with it
// and the server's Content-Disposition names the file. The browser streams it to disk, so a
// month of a million lines never sits in the page's memory.
export function startDownload(url: string): void {
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = '';
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}
