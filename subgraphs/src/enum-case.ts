/**
 * The domain spells its enumerated values in lower case ('insufficient_history'), GraphQL enums in upper case
 * (INSUFFICIENT_HISTORY). These change the case and keep the literal types, so that the generated resolver types
 * check the domain's unions against the schema's enums: a value that one side lacks fails to compile.
 */
export function upper<T extends string>(value: T): Uppercase<T> {
  return value.toUpperCase() as Uppercase<T>;
}

export function lower<T extends string>(value: T): Lowercase<T> {
  return value.toLowerCase() as Lowercase<T>;
}
