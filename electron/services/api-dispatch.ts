import { apiContract, type ApiHandlers, type ApiMethod } from '../../src/domain/api';

export type ApiDispatchErrorCode = 'UNKNOWN_METHOD' | 'INVALID_PAYLOAD' | 'INVALID_RESULT';

/**
 * A call refused by the contract. The code leads the message because
 * Electron's IPC carries only an error's message to the renderer.
 */
export class ApiDispatchError extends Error {
  override readonly name = 'ApiDispatchError';

  constructor(
    readonly code: ApiDispatchErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

export function isApiMethod(method: string): method is ApiMethod {
  // Own keys only: `toString` or `__proto__` must not count as methods.
  return Object.hasOwn(apiContract, method);
}

/**
 * Runs one API call the way every transport must: the method must exist, the
 * input must match its schema before the handler sees it, and the handler's
 * result must match the output schema before it leaves. Main's IPC and the
 * end-to-end harness both call this, so they enforce the same contract.
 */
export async function dispatch(
  handlers: ApiHandlers,
  method: string,
  rawInput: unknown,
): Promise<unknown> {
  if (!isApiMethod(method)) {
    throw new ApiDispatchError('UNKNOWN_METHOD', describeMethodName(method));
  }
  const { input, output } = apiContract[method];

  const parsedInput = input.safeParse(rawInput);
  if (!parsedInput.success) {
    throw new ApiDispatchError('INVALID_PAYLOAD', `${method}: ${summarise(parsedInput.error)}`);
  }

  // TypeScript cannot correlate handlers[method] with the input schema of the
  // same method across the union of methods; the schema check above is what
  // guarantees the argument's type.
  const handler = handlers[method] as (validInput: unknown) => Promise<unknown>;
  const result = await handler(parsedInput.data);

  const parsedOutput = output.safeParse(result);
  if (!parsedOutput.success) {
    throw new ApiDispatchError('INVALID_RESULT', `${method}: ${summarise(parsedOutput.error)}`);
  }
  return parsedOutput.data;
}

interface SchemaIssues {
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>;
}

/** Where and why, never the offending values (they may be record content). */
function summarise(error: SchemaIssues): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(input)'} ${issue.message}`)
    .join('; ');
}

function describeMethodName(method: unknown): string {
  return typeof method === 'string' ? JSON.stringify(method.slice(0, 64)) : typeof method;
}
