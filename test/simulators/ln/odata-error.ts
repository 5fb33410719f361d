// An OData error the LN simulator answers with: HTTP status plus `{"error":{"code","message"}}`.
// Thrown anywhere in request handling; the HTTP layer turns it into the response.

export class ODataError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  toBody(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}
