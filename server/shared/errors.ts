/** A failure the user can be told about: it carries a stable code and the HTTP status to answer with. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode: number,
    /** What the message's translation fills in ({{field}}): never anything a person typed. */
    readonly values?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} was not found.`, 404);
