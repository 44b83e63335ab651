// A small runtime description of a DTO's JSON, typed from the TypeScript interface so that the compiler
// insists the description names exactly the interface's fields with compatible kinds, and the runtime
// check insists the server's JSON has exactly the description's fields. Together: interface ≡ JSON.

export type StringKind = "string" | "decimal" | "uuid" | "datetime";
export type NumberKind = "int" | "number" | "epochMs";

export interface OptionalSpec<S> {
  optional: S;
}
export interface ArraySpec<S> {
  array: S;
}
export interface EnumSpec<T extends string> {
  oneOf: readonly T[];
}
export interface RecordSpec<S> {
  record: S;
}
export interface ObjectSpec<T> {
  fields: { readonly [K in keyof T]-?: Spec<T[K]> };
}

type Bare<T> = Exclude<T, undefined | null>;

type RequiredSpec<T> = [T] extends [string]
  ? string extends T
    ? StringKind
    : EnumSpec<T>
  : [T] extends [number]
  ? NumberKind
  : [T] extends [boolean]
  ? "bool"
  : [T] extends [readonly (infer Item)[]]
  ? ArraySpec<Spec<Item>>
  : [T] extends [object]
  ? string extends keyof T
    ? RecordSpec<Spec<T[keyof T]>> | "json"
    : ObjectSpec<T>
  : never;

/** The description of a value of type T: optional (absent or null) when T admits undefined or null. */
export type Spec<T> = unknown extends T ? "json" : [undefined] extends [T] ? OptionalSpec<RequiredSpec<Bare<T>>> : [null] extends [T] ? OptionalSpec<RequiredSpec<Bare<T>>> : RequiredSpec<T>;

type AnySpec = StringKind | NumberKind | "bool" | "json" | { optional: AnySpec } | { array: AnySpec } | { oneOf: readonly string[] } | { record: AnySpec } | { fields: Record<string, AnySpec> };

const PATTERNS: Record<StringKind, RegExp> = {
  string: /^[\s\S]*$/,
  decimal: /^-?\d+(\.\d+)?$/,
  uuid: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
  datetime: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function check(value: unknown, spec: AnySpec, path: string, errors: string[]): void {
  if (typeof spec === "string") {
    switch (spec) {
      case "json":
        if (value === undefined) errors.push(`${path}: missing`);
        return;
      case "bool":
        if (typeof value !== "boolean") errors.push(`${path}: expected a boolean, got ${JSON.stringify(value)}`);
        return;
      case "int":
        if (!Number.isInteger(value)) errors.push(`${path}: expected an integer, got ${JSON.stringify(value)}`);
        return;
      case "number":
        if (typeof value !== "number" || !Number.isFinite(value)) errors.push(`${path}: expected a number, got ${JSON.stringify(value)}`);
        return;
      case "epochMs":
        if (!Number.isInteger(value) || (value as number) < 1e12) errors.push(`${path}: expected epoch milliseconds, got ${JSON.stringify(value)}`);
        return;
      default:
        if (typeof value !== "string" || !PATTERNS[spec].test(value)) errors.push(`${path}: expected a ${spec} string, got ${JSON.stringify(value)}`);
        return;
    }
  }
  if ("optional" in spec) {
    if (value !== undefined && value !== null) check(value, spec.optional, path, errors);
    return;
  }
  if ("array" in spec) {
    if (!Array.isArray(value)) {
      errors.push(`${path}: expected an array`);
      return;
    }
    value.forEach((item, index) => check(item, spec.array, `${path}[${index}]`, errors));
    return;
  }
  if ("oneOf" in spec) {
    if (typeof value !== "string" || !spec.oneOf.includes(value)) errors.push(`${path}: expected one of ${spec.oneOf.join(", ")}, got ${JSON.stringify(value)}`);
    return;
  }
  if ("record" in spec) {
    if (!isRecord(value)) {
      errors.push(`${path}: expected an object`);
      return;
    }
    for (const [key, item] of Object.entries(value)) check(item, spec.record, `${path}.${key}`, errors);
    return;
  }
  if (!isRecord(value)) {
    errors.push(`${path}: expected an object, got ${JSON.stringify(value)}`);
    return;
  }
  for (const [key, fieldSpec] of Object.entries(spec.fields)) {
    const present = Object.prototype.hasOwnProperty.call(value, key);
    const optional = typeof fieldSpec === "object" && "optional" in fieldSpec;
    if (!present) {
      if (!optional) errors.push(`${path}.${key}: missing`);
      continue;
    }
    check(value[key], fieldSpec, `${path}.${key}`, errors);
  }
  for (const key of Object.keys(value)) {
    if (!Object.prototype.hasOwnProperty.call(spec.fields, key)) errors.push(`${path}.${key}: not in the TypeScript type`);
  }
}

/**
 * Every way `value` differs from `spec` (empty when it matches exactly). Specs are typed where they are
 * declared (as `Spec<SomeType>`); here any of them is accepted.
 */
export function shapeErrors(value: unknown, spec: object | string, path = "$"): string[] {
  const errors: string[] = [];
  check(value, spec as unknown as AnySpec, path, errors);
  return errors;
}
