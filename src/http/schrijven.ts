// Writing a large answer in bounded memory: stored document content goes out part by part (SOAP answers, the
// dashboard's downloads).
import type http from 'node:http';

/** Writes one chunk; waits while the socket's buffer is full, so a large answer is never held whole. */
export async function write(res: http.ServerResponse, chunk: string | Buffer): Promise<void> {
  if (res.write(chunk) || res.destroyed) return;
  await new Promise<void>((resolve) => {
    const done = () => { res.off('drain', done); res.off('close', done); resolve(); };
    res.on('drain', done);
    res.on('close', done);
  });
}
