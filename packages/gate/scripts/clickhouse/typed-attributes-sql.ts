/**
 * The value types a backend with typed attribute columns keeps apart. The exporter's `otel_traces`
 * stores every attribute as text (pdata's `AsString()`), so a test that converts its rows into such a
 * backend's table recovers the type from the text: `true` / `false` a bool, a canonical integer an int,
 * any other JSON number a double, a JSON array of strings an array, everything else a string. The
 * conversion keeps the text an attribute reads back as (a string `"007"` stays a string; an int prints as
 * it was written), so the gate sees what it would have read from the exporter.
 */
export type AttributeKind = 'bool' | 'int' | 'double' | 'stringArray' | 'string'

const CANONICAL_INTEGER = '^-?(0|[1-9][0-9]*)$'
const JSON_NUMBER = '^-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][-+]?[0-9]+)?$'

/**
 * The kind of an attribute's text, as SQL.
 *
 * @param value - A String expression (an attribute's text).
 * @returns A String expression: one of the `AttributeKind` names.
 */
export function attributeKindSql(value: string): string {
  return `multiIf(
    ${value} IN ('true', 'false'), 'bool',
    match(${value}, '${CANONICAL_INTEGER}') AND isNotNull(toInt64OrNull(${value})), 'int',
    match(${value}, '${JSON_NUMBER}') AND isNotNull(toFloat64OrNull(${value})), 'double',
    startsWith(${value}, '[') AND isValidJSON(${value})
      AND arrayAll(e -> JSONType(e) = 'String', JSONExtractArrayRaw(${value})), 'stringArray',
    'string')`
}

/**
 * The entries of a `Map(String, String)` of attributes whose text is of the given kinds, still as text.
 *
 * @param map - The map expression (`SpanAttributes`, or a lambda's argument).
 * @param kinds - The kinds to keep.
 * @returns A `Map(String, String)` expression.
 */
export function attributesOfKindSql(map: string, kinds: readonly AttributeKind[]): string {
  const names = kinds.map((kind) => `'${kind}'`).join(', ')
  return `mapFilter((k, v) -> ${attributeKindSql('v')} IN (${names}), ${map})`
}

/**
 * A string array attribute's text (`["a","b"]`, as the exporter writes it) as an OTLP/JSON `AnyValue`
 * (`{"arrayValue":{"values":[{"stringValue":"a"},...]}}`), what pdata's JSON marshaler writes for a slice.
 *
 * @param value - A String expression holding a JSON array of strings.
 * @returns A String expression.
 */
export function otlpStringArraySql(value: string): string {
  return `concat('{"arrayValue":{"values":[', arrayStringConcat(arrayMap(e -> concat('{"stringValue":', e, '}'), JSONExtractArrayRaw(${value})), ','), ']}}')`
}
