// The real server as a child process (`node --import tsx src/main.ts`), for the smoke and
// shutdown suites: start it with an environment, wait until it is ready, talk to it over
// HTTP like a browser, stop it with a signal and see how it exits.
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { projectRoot } from '../platform/db/database.js';
import { until } from './poll.js';

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Variables of the test runner's environment that would change what the server does. */
const PRODUCT_VARIABLES = [
  'PORT',
  'HOST',
  'DATABASE_URL',
  'DATA_DIR',
  'PUBLIC_URL',
  'SMTP_URL',
  'MAIL_FROM',
  'LOG_LEVEL',
  'SEED_DEMO',
  'SESSION_TTL_HOURS',
  'BODY_LIMIT_BYTES',
  'JOBS_ENABLED',
  'COOKIE_SECURE',
  'LOGIN_RATE_LIMIT_PER_MINUTE',
  'TRUST_PROXY',
  'BILLING_RESUME_AFTER_SECONDS',
];

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<Exit>;
  /** Sends the signal and waits for the exit (rejects after the deadline). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<Exit>;
}

export async function startServer(
  env: Record<string, string>,
  options: {
    readyTimeoutMs?: number;
    /** A compiled entry (dist/src/main.js) run without tsx, as in production. */
    entry?: string;
  } = {},
): Promise<ServerProcess> {
  const port = Number(env.PORT ?? (await freePort()));
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of PRODUCT_VARIABLES) delete childEnv[name];
  Object.assign(childEnv, { HOST: '127.0.0.1', LOG_LEVEL: 'info' }, env, { PORT: String(port) });

  const args = options.entry ? [options.entry] : ['--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, args, {
    cwd: projectRoot(),
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });

  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    child,
    port,
    url,
    output: () => output,
    exited,
    async stop(signal = 'SIGTERM', timeoutMs = 15_000) {
      if (!hasExited) child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`server did not exit within ${timeoutMs} ms of ${signal}\n${output}`)),
          timeoutMs,
        );
      });
      try {
        return await Promise.race([exited, deadline]);
      } finally {
        clearTimeout(timer);
      }
    },
  };

  let outcome: 'ready' | 'exited';
  try {
    outcome = await until(
      `the server on port ${port} to be ready`,
      async () => {
        if (hasExited) return 'exited' as const;
        const response = await fetch(`${url}/readyz`);
        return response.status === 200 ? ('ready' as const) : undefined;
      },
      { timeoutMs: options.readyTimeoutMs ?? 60_000, intervalMs: 100 },
    );
  } catch (error) {
    if (!hasExited) child.kill('SIGKILL');
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n--- server output ---\n${output}`,
    );
  }
  if (outcome === 'exited') {
    const exit = await exited;
    throw new Error(`the server exited while starting (code ${exit.code}):\n${output}`);
  }
  return server;
}

/** A browser-like client of a running server: JSON, the session cookie and the CSRF token. */
export class HttpSession {
  private cookie = '';
  private csrfToken = '';

  constructor(private readonly baseUrl: string) {}

  async login(tenant: string, email: string, password: string): Promise<Record<string, unknown>> {
    const response = await this.request('POST', '/api/v1/auth/login', { tenant, email, password });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
    const setCookie = response.headers.getSetCookie().find((value) => value.startsWith('keiyaku_session='));
    if (!setCookie) throw new Error('login set no session cookie');
    this.cookie = setCookie.split(';')[0]!;
    const me = (await response.json()) as Record<string, unknown>;
    this.csrfToken = String(me.csrfToken);
    return me;
  }

  request(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(signal ? { signal } : {}),
    });
  }

  /** A body that is not JSON (a CSV upload), with its content type. */
  send(method: string, path: string, body: string, contentType: string): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': contentType };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    return fetch(`${this.baseUrl}${path}`, { method, headers, body });
  }

  async json<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await this.request(method, path, body);
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }
}
