/**
 * Keeping web/dist current on `cashloop start`: when it is missing or older than the sources
 * (web/src, web/index.html, web/portal.html, web/vite.config.ts, package-lock.json), Vite builds it in a child
 * process (web/scripts/build-app.ts), so the server listens and the API answers meanwhile.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WebApp } from './web-app.ts';

const REPO_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_DIR = join(REPO_DIR, 'web');

/** Newest modification time (ms) of a file or of any file below a folder; 0 when absent. */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** The built pages: the staff app and, when its source exists, the customer portal. */
function builtPages(webDir: string): string[] {
  const pages = ['index.html', 'portal.html'].filter(
    (p) => p === 'index.html' || existsSync(join(webDir, p)),
  );
  return pages.map((p) => join(webDir, 'dist', p));
}

/** Whether web/dist must be (re)built: a page missing, or a source newer than the oldest page. */
export function webBuildIsStale(webDir = WEB_DIR): boolean {
  const built = Math.min(...builtPages(webDir).map(newestMtime));
  if (built === 0) return true;
  const sources = [
    join(webDir, 'src'),
    join(webDir, 'index.html'),
    join(webDir, 'portal.html'),
    join(webDir, 'vite.config.ts'),
  ];
  const newest = Math.max(...sources.map(newestMtime), newestMtime(join(webDir, '..', 'package-lock.json')));
  return newest > built;
}

/** The app's build as the server sees it, and the child process building it. */
export class WebBuild implements WebApp {
  readonly distDir: string;
  #state: 'ready' | 'building' | 'failed' = 'ready';
  #child: ChildProcess | null = null;

  constructor(readonly webDir = WEB_DIR) {
    this.distDir = join(webDir, 'dist');
  }

  state(): 'ready' | 'building' | 'failed' {
    return this.#state;
  }

  /**
   * Build in a child process when stale (`auto`), or serve what is there (`off`). Resolves at
   * once; `log` hears when the build starts and ends.
   */
  start(mode: 'auto' | 'off', log: (line: string) => void): void {
    if (mode === 'off' || !webBuildIsStale(this.webDir)) return;
    this.#state = 'building';
    const started = Date.now();
    log('web app: web/dist is missing or older than web/ — building it (the API answers meanwhile)');
    const script = join(this.webDir, 'scripts', 'build-app.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: join(this.webDir, '..'),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.#child = child;
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString('utf8')).slice(-4000);
    });
    child.on('exit', (code) => {
      this.#child = null;
      this.#state = code === 0 ? 'ready' : 'failed';
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      log(code === 0 ? `web app built in ${seconds} s` : `web app build failed (exit ${code}):\n${errors}`);
    });
  }

  /** Stop a running build (on shutdown). */
  stop(): void {
    this.#child?.kill('SIGTERM');
  }
}
