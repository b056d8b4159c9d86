import type { ServerResponse } from 'node:http';

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export interface Problem {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly errors?: readonly FieldProblem[];
  readonly headers?: Readonly<Record<string, string>>;
}

/** An RFC 9457 problem that routes throw or pass to next(); the error handler renders it. */
export class HttpProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'HttpProblem';
  }
}

/** Answers with the problem as application/problem+json (Express's responses are ServerResponses too). */
export function sendProblem(res: ServerResponse, problem: Problem): void {
  for (const [name, value] of Object.entries(problem.headers ?? {})) res.setHeader(name, value);
  const body = JSON.stringify({
    type: 'about:blank',
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    ...(problem.errors ? { errors: problem.errors } : {}),
  });
  res.statusCode = problem.status;
  res.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

export const badRequest = (detail: string, errors?: readonly FieldProblem[]): HttpProblem =>
  new HttpProblem({ status: 400, title: 'Bad Request', detail, errors });

export const serviceUnavailable = (detail: string, retryAfterSeconds: number): HttpProblem =>
  new HttpProblem({
    status: 503,
    title: 'Service Unavailable',
    detail,
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });

export const notFoundProblem = (detail: string): HttpProblem => new HttpProblem({ status: 404, title: 'Not Found', detail });

export const conflict = (detail: string): HttpProblem => new HttpProblem({ status: 409, title: 'Conflict', detail });
