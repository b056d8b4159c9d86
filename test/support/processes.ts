import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

// Found through the workspace link, so it holds wherever this file is compiled to (the bench compiles it too).
const CLI = join(dirname(require.resolve('error-tracker/package.json')), 'dist', 'main.js');

export interface RoleProcess {
  readonly child: ChildProcess;
  readonly output: string[];
  /** Resolves with the first log line matching, rejects if the process exits first or time runs out. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): void;
  /** SIGTERM unless it has exited; resolves once it has. */
  stop(): Promise<void>;
}

/** Starts `error-tracker <role> [args]` from the build as a real process (npm test builds first). */
export function startRole(role: string, env: Record<string, string>, args: readonly string[] = []): RoleProcess {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
  return spawnNode(CLI, [role, ...args], env, role);
}

/** Runs a Node script as a process with only PATH and `env` in its environment, collecting its output lines. */
export function spawnNode(script: string, args: readonly string[], env: Record<string, string> = {}, name = script): RoleProcess {
  return spawnProgram(process.execPath, [script, ...args], env, name);
}

/** A user to run a program as (a test running as root starts PostgreSQL servers as `postgres`). */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

/** Runs a program (found on PATH) as a process with only PATH and `env` in its environment, collecting its output lines. */
export function spawnProgram(
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
  name = command,
  runAs?: RunAs,
): RoleProcess {
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...runAs,
  });
  const output: string[] = [];
  const listeners = new Set<(line: string) => void>();
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      output.push(line);
      for (const listener of listeners) listener(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });

  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    output,
    exited,
    kill: (signal = 'SIGTERM') => void child.kill(signal),
    stop: async () => {
      if (running()) child.kill('SIGTERM');
      await exited;
    },
    waitForLine: (pattern, timeoutMs = 20_000) =>
      new Promise<string>((resolve, reject) => {
        const seen = output.find((line) => pattern.test(line));
        if (seen) {
          resolve(seen);
          return;
        }
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`${name}: no line matching ${pattern} in ${timeoutMs} ms:\n${output.join('\n')}`));
        }, timeoutMs);
        const listener = (line: string) => {
          if (!pattern.test(line)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(line);
        };
        listeners.add(listener);
        void exited.then((code) => {
          if (!listeners.has(listener)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          reject(new Error(`${name} exited (${code}) before printing ${pattern}:\n${output.join('\n')}`));
        });
      }),
  };
}

/** The port an api process logged ({"port":N,"msg":"api listening"}). */
export async function apiPort(api: RoleProcess): Promise<number> {
  const line = await api.waitForLine(/api listening/);
  return (JSON.parse(line) as { port: number }).port;
}

export async function stopAll(processes: readonly RoleProcess[]): Promise<void> {
  await Promise.all(processes.map((p) => p.stop()));
}
