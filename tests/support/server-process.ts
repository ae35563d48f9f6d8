import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The real server (`src/server.ts`, as `npm start` runs it, but under node itself so that a signal reaches
 * the server and not a wrapper process), on its own port and database.
 */
export class ServerProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<Exit> | null = null;
  output = '';

  constructor(private readonly env: { DATABASE_URL: string; PORT: number; ADMIN_TOKEN: string }) {}

  get base(): string {
    return `http://127.0.0.1:${this.env.PORT}`;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATABASE_URL: this.env.DATABASE_URL,
        PORT: String(this.env.PORT),
        HOST: '127.0.0.1',
        ADMIN_TOKEN: this.env.ADMIN_TOKEN,
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    for (let attempt = 0; attempt < 600; attempt += 1) {
      if (!this.running) throw new Error(`the server exited while starting:\n${this.output}`);
      try {
        const res = await fetch(`${this.base}/health`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the server did not answer /health:\n${this.output}`);
  }

  /** Sends the signal to this child (by its pid) and waits until it has exited. */
  async stop(signal: NodeJS.Signals): Promise<Exit> {
    if (!this.child || !this.exited) throw new Error('the server was not started');
    if (this.running) this.child.kill(signal);
    const exit = await this.exited;
    this.child = null;
    return exit;
  }

  /** Waits for an exit that something else caused (e.g. SIGTERM sent earlier). */
  async exit(): Promise<Exit> {
    if (!this.exited) throw new Error('the server was not started');
    const exit = await this.exited;
    this.child = null;
    return exit;
  }

  signal(signal: NodeJS.Signals): void {
    if (this.child && this.running) this.child.kill(signal);
  }
}

/**
 * A request body that streams `text` in chunks and stops at `pauseAt` (a fraction) until resumed, so that a
 * test can act while the server is half-way through reading it. `abort` ends the request from our side.
 */
export function pausedUpload(text: string, pauseAt: number) {
  const bytes = Buffer.from(text, 'utf8');
  const chunk = 64 * 1024;
  const stopAt = Math.floor(bytes.length * pauseAt);
  let offset = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  let announce: () => void = () => undefined;
  const reachedPause = new Promise<void>((r) => (announce = r));
  let resumed = false;
  const controller = new AbortController();
  const body = new ReadableStream<Uint8Array>({
    async pull(stream) {
      if (offset >= stopAt && !resumed) {
        announce();
        await gate;
      }
      if (controller.signal.aborted) {
        stream.close();
        return;
      }
      if (offset >= bytes.length) {
        stream.close();
        return;
      }
      const end = Math.min(offset + chunk, bytes.length);
      stream.enqueue(bytes.subarray(offset, end));
      offset = end;
    },
  });
  return {
    body,
    signal: controller.signal,
    reachedPause,
    resume: () => {
      resumed = true;
      release();
    },
    abort: () => {
      controller.abort();
      resumed = true;
      release();
    },
  };
}
