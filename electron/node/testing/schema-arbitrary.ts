import fc from 'fast-check';

/** The JSON Schema subset zod's toJSONSchema produces for the contract. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
}

export interface SchemaArbitraryOptions {
  /** Ids that exist in the database, so generated calls reach rows and not only "not found". */
  knownIds?: string[];
}

/**
 * Values that fit a method's params schema (zod's JSON Schema of it): the fuzz test's way past
 * validation into the handlers. Long strings are capped to keep runs quick; the hostile ones are
 * generated separately.
 */
export function arbitraryFor(schema: JsonSchema, options: SchemaArbitraryOptions = {}, root: JsonSchema = schema): fc.Arbitrary<unknown> {
  if (schema.$ref) {
    const name = schema.$ref.replace(/^#\/\$defs\//, '');
    const target = root.$defs?.[name];
    return target ? fc.constant(null).chain(() => arbitraryFor(target, options, root)) : fc.anything();
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => arbitraryFor(s, options, root)));
  if (schema.allOf?.length === 1) return arbitraryFor(schema.allOf[0]!, options, root);
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((type) => arbitraryFor({ ...schema, type }, options, root)));
  switch (schema.type) {
    case 'string':
      return stringFor(schema, options);
    case 'integer':
    case 'number': {
      if (schema.type === 'integer') {
        const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1e6);
        const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1e6);
        return fc.integer({ min: Math.ceil(Math.max(min, Number.MIN_SAFE_INTEGER)), max: Math.floor(Math.min(max, Number.MAX_SAFE_INTEGER)) });
      }
      // Exclusive bounds on a real number (0 < ratio < 0.6) stay exclusive: "+1" would invert that range.
      return fc.double({
        min: schema.minimum ?? schema.exclusiveMinimum ?? -1e6,
        max: schema.maximum ?? schema.exclusiveMaximum ?? 1e6,
        minExcluded: schema.minimum === undefined && schema.exclusiveMinimum !== undefined,
        maxExcluded: schema.maximum === undefined && schema.exclusiveMaximum !== undefined,
        noNaN: true,
        noDefaultInfinity: true,
      });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schema.items ? arbitraryFor(schema.items, options, root) : fc.jsonValue(), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'object': {
      const properties = schema.properties ?? {};
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, value] of Object.entries(properties)) record[key] = arbitraryFor(value, options, root);
      return fc.record(record, { requiredKeys: (schema.required ?? []).filter((k) => k in properties) });
    }
    default:
      return fc.jsonValue();
  }
}

function stringFor(schema: JsonSchema, options: SchemaArbitraryOptions): fc.Arbitrary<string> {
  if (schema.format === 'uuid') {
    const fresh = fc.uuid({ version: 7 });
    return options.knownIds?.length ? fc.oneof(fc.constantFrom(...options.knownIds), fresh) : fresh;
  }
  if (schema.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  if (schema.format === 'uri') return fc.webUrl({ validSchemes: ['http', 'https'] }).filter((u) => u.length <= (schema.maxLength ?? 500));
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 64, 64));
  if (schema.pattern) {
    return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity));
  }
  return fc.string({ minLength, maxLength, unit: 'grapheme' });
}

/** Strings that have broken parsers, databases and UIs before. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  "'; DROP TABLE sites; --",
  '" OR 1=1 --',
  '%',
  '_',
  '\\',
  '\u0000',
  '\u202Eevil\u202C',
  '\uD800',
  '\uFEFF',
  '𝕊𝕚𝕘𝕟𝕒𝕝 🧊❄️',
  '한글 현장',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  'C:\\Windows\\System32',
  '__proto__',
  'constructor',
  '{{7*7}}',
  '${process.exit()}',
  'x'.repeat(10_000),
];

/** Values no schema asks for: wrong types, prototype tricks, extreme numbers, deep nesting. */
export function hostileValue(): fc.Arbitrary<unknown> {
  let deep: unknown = 'bottom';
  for (let i = 0; i < 200; i += 1) deep = { deeper: deep };
  return fc.oneof(
    fc.constantFrom(...HOSTILE_STRINGS),
    fc.constantFrom(null, true, false, 0, -0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.1 + 0.2, [], {}, [[[]]], deep),
    fc.constant(JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}') as unknown),
    fc.jsonValue({ maxDepth: 4 }),
  );
}

/** A valid value with one thing broken: a field replaced, removed, or an extra key added. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, hostileValue(), fc.nat(), fc.constantFrom('replace', 'remove', 'extra', 'proto')).map(([value, hostile, pick, how]) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return hostile;
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    const key = keys.length > 0 ? keys[pick % keys.length]! : 'field';
    if (how === 'replace') copy[key] = hostile;
    else if (how === 'remove') delete copy[key];
    else if (how === 'extra') copy.unexpected = hostile;
    else Object.defineProperty(copy, '__proto__', { value: { polluted: 'yes' }, enumerable: true, configurable: true, writable: true });
    return copy;
  });
}
