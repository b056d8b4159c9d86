import type { FuzzRequest } from './request';

export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** Sends one request; a request unanswered within timeoutMs counts as a hang (status 0). */
export async function send(base: string, request: FuzzRequest, timeoutMs: number): Promise<Answer> {
  try {
    const response = await fetch(`${base}${request.path}`, {
      method: request.method,
      headers: request.headers,
      body: request.body ? new Uint8Array(request.body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() };
  } catch (error) {
    return { status: 0, contentType: '', body: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * What is wrong with an answer, or undefined: a hang, any 5xx, or a 4xx that is not a problem+json
 * whose `detail` says what is wrong.
 */
export function fault(answer: Answer): string | undefined {
  if (answer.status === 0) return `no answer: ${answer.body}`;
  if (answer.status >= 500) return `answered ${answer.status}: ${answer.body.slice(0, 300)}`;
  if (answer.status < 400) return undefined;
  if (!answer.contentType.startsWith('application/problem+json')) return `${answer.status} as ${answer.contentType || 'no type'}`;
  let problem: { status?: unknown; detail?: unknown; errors?: unknown };
  try {
    problem = JSON.parse(answer.body) as typeof problem;
  } catch {
    return `${answer.status} whose body is not JSON`;
  }
  if (problem.status !== answer.status) return `${answer.status} whose problem says status ${String(problem.status)}`;
  if (typeof problem.detail !== 'string' || problem.detail.length < 8)
    return `${answer.status} without a detail: ${answer.body.slice(0, 200)}`;
  const vague =
    Array.isArray(problem.errors) && problem.errors.some((e: { field?: unknown; message?: unknown }) => !e.field || !e.message);
  return vague ? `${answer.status} with a field problem lacking its field or message: ${answer.body.slice(0, 200)}` : undefined;
}
