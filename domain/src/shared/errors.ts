/** A caller's input a feature refuses; `code` is stable for GraphQL extensions and REST error bodies. */
export class InvalidInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidInputError';
  }
}
