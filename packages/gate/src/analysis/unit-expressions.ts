/**
 * A small expression language for what a unit contributes: each rule of the analysis that turns a
 * span's readings into its session's sums, and a session's sums into what the statistics see, is written
 * once as data in it. The file path compiles the rules into JavaScript closures; the ClickHouse source
 * renders the very same rules as SQL, so the engine computes what the fold computes.
 *
 * Values are numbers or *unknown* (`undefined` here, `NULL` in SQL). Arithmetic on an unknown is unknown.
 * Tests use SQL's three-valued logic, so both sides agree on every input: a comparison with an unknown is
 * unknown, `not` of unknown is unknown, `all` is false when one test is false and unknown when one is
 * unknown, and `when` takes its `whenTrue` branch only when its test is true.
 */

/** A numeric expression over named inputs. */
export type UnitExpr =
  | { readonly kind: 'input'; readonly name: string }
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'unknown' }
  | {
      readonly kind: 'arithmetic'
      readonly op: '+' | '-' | '*' | '/'
      readonly left: UnitExpr
      readonly right: UnitExpr
    }
  | {
      readonly kind: 'when'
      readonly test: UnitTest
      readonly whenTrue: UnitExpr
      readonly otherwise: UnitExpr | undefined
    }

/** A test over expressions, in three-valued logic. */
export type UnitTest =
  | { readonly kind: 'compare'; readonly op: '>' | '='; readonly left: UnitExpr; readonly right: UnitExpr }
  | { readonly kind: 'known'; readonly expr: UnitExpr }
  | { readonly kind: 'all'; readonly tests: readonly UnitTest[] }
  | { readonly kind: 'not'; readonly test: UnitTest }

/** Named expressions: the rules for one kind of unit. */
export type UnitRules<K extends string> = Readonly<Record<K, UnitExpr>>

/** The named input `name`. */
export const input = (name: string): UnitExpr => ({ kind: 'input', name })
/** A constant. */
export const constant = (value: number): UnitExpr => ({ kind: 'constant', value })
/** The unknown value (`undefined`, `NULL`). */
export const UNKNOWN: UnitExpr = { kind: 'unknown' }
/** `left + right`. */
export const plus = (left: UnitExpr, right: UnitExpr): UnitExpr => ({
  kind: 'arithmetic',
  op: '+',
  left,
  right,
})
/** `left - right`. */
export const minus = (left: UnitExpr, right: UnitExpr): UnitExpr => ({
  kind: 'arithmetic',
  op: '-',
  left,
  right,
})
/** `left * right`. */
export const times = (left: UnitExpr, right: UnitExpr): UnitExpr => ({
  kind: 'arithmetic',
  op: '*',
  left,
  right,
})
/** `left / right` (guard the divisor with a test). */
export const over = (left: UnitExpr, right: UnitExpr): UnitExpr => ({
  kind: 'arithmetic',
  op: '/',
  left,
  right,
})
/** `then` when `test` is true, else `otherwise` (unknown when absent). */
export const when = (test: UnitTest, then: UnitExpr, otherwise?: UnitExpr): UnitExpr => ({
  kind: 'when',
  test,
  whenTrue: then,
  otherwise,
})
/** `left > right`. */
export const above = (left: UnitExpr, right: UnitExpr): UnitTest => ({
  kind: 'compare',
  op: '>',
  left,
  right,
})
/** `expr > 0`. */
export const positive = (expr: UnitExpr): UnitTest => above(expr, constant(0))
/** `left = right`. */
export const equal = (left: UnitExpr, right: UnitExpr): UnitTest => ({
  kind: 'compare',
  op: '=',
  left,
  right,
})
/** `expr = 0`. */
export const zero = (expr: UnitExpr): UnitTest => equal(expr, constant(0))
/** `expr` is known. */
export const known = (expr: UnitExpr): UnitTest => ({ kind: 'known', expr })
/** Every test holds. */
export const all = (...tests: UnitTest[]): UnitTest => ({ kind: 'all', tests })
/** The test does not hold. */
export const not = (test: UnitTest): UnitTest => ({ kind: 'not', test })

/** Evaluates to a number, or undefined when unknown. */
export type Evaluator<C> = (context: C) => number | undefined
/** Evaluates a test: true, false, or undefined when unknown. */
export type TestEvaluator<C> = (context: C) => boolean | undefined

/**
 * Compiles an expression into a closure (no interpretation per call: the fold runs it for every span and
 * session).
 *
 * @param expr - The expression.
 * @param resolve - The evaluator of each input name.
 * @returns The evaluator.
 * @example
 * const latency = compileUnitExpr(over(input('sum'), input('count')), (name) => (row) => row[name])
 */
export function compileUnitExpr<C>(expr: UnitExpr, resolve: (name: string) => Evaluator<C>): Evaluator<C> {
  switch (expr.kind) {
    case 'input':
      return resolve(expr.name)
    case 'constant': {
      const { value } = expr
      return () => value
    }
    case 'unknown':
      return () => undefined
    case 'arithmetic': {
      const left = compileUnitExpr(expr.left, resolve)
      const right = compileUnitExpr(expr.right, resolve)
      const apply = ARITHMETIC[expr.op]
      return (context) => {
        const a = left(context)
        if (a === undefined) return undefined
        const b = right(context)
        return b === undefined ? undefined : apply(a, b)
      }
    }
    case 'when': {
      const test = compileUnitTest(expr.test, resolve)
      const then = compileUnitExpr(expr.whenTrue, resolve)
      const otherwise = expr.otherwise === undefined ? undefined : compileUnitExpr(expr.otherwise, resolve)
      return (context) => (test(context) === true ? then(context) : otherwise?.(context))
    }
  }
}

const ARITHMETIC: Readonly<Record<'+' | '-' | '*' | '/', (a: number, b: number) => number>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
}

/**
 * Compiles a test into a closure, in three-valued logic.
 *
 * @param test - The test.
 * @param resolve - The evaluator of each input name.
 * @returns The evaluator: true, false, or undefined when unknown.
 */
export function compileUnitTest<C>(
  test: UnitTest,
  resolve: (name: string) => Evaluator<C>,
): TestEvaluator<C> {
  switch (test.kind) {
    case 'compare': {
      const left = compileUnitExpr(test.left, resolve)
      const right = compileUnitExpr(test.right, resolve)
      const greater = test.op === '>'
      return (context) => {
        const a = left(context)
        const b = right(context)
        if (a === undefined || b === undefined) return undefined
        return greater ? a > b : a === b
      }
    }
    case 'known': {
      const expr = compileUnitExpr(test.expr, resolve)
      return (context) => expr(context) !== undefined
    }
    case 'all': {
      const tests = test.tests.map((inner) => compileUnitTest(inner, resolve))
      return (context) => {
        let result: boolean | undefined = true
        for (const inner of tests) {
          const value = inner(context)
          if (value === false) return false
          if (value === undefined) result = undefined
        }
        return result
      }
    }
    case 'not': {
      const inner = compileUnitTest(test.test, resolve)
      return (context) => {
        const value = inner(context)
        return value === undefined ? undefined : !value
      }
    }
  }
}

/**
 * Compiles every rule of a set.
 *
 * @param rules - Named expressions.
 * @param resolve - The evaluator of each input name.
 * @returns The evaluators, by the same names.
 */
export function compileUnitRules<K extends string, C>(
  rules: UnitRules<K>,
  resolve: (name: string) => Evaluator<C>,
): Readonly<Record<K, Evaluator<C>>> {
  const compiled = {} as Record<K, Evaluator<C>>
  for (const name of Object.keys(rules) as K[]) compiled[name] = compileUnitExpr(rules[name], resolve)
  return compiled
}

/**
 * Replaces inputs by expressions (to compose rule sets: the screened measures over the measures over
 * the cells).
 *
 * @param expr - The expression.
 * @param replace - The expression for an input name, or undefined to keep the input.
 * @returns The composed expression.
 */
export function substituteInputs(expr: UnitExpr, replace: (name: string) => UnitExpr | undefined): UnitExpr {
  switch (expr.kind) {
    case 'input':
      return replace(expr.name) ?? expr
    case 'constant':
    case 'unknown':
      return expr
    case 'arithmetic':
      return {
        ...expr,
        left: substituteInputs(expr.left, replace),
        right: substituteInputs(expr.right, replace),
      }
    case 'when':
      return {
        kind: 'when',
        test: substituteTest(expr.test, replace),
        whenTrue: substituteInputs(expr.whenTrue, replace),
        otherwise: expr.otherwise === undefined ? undefined : substituteInputs(expr.otherwise, replace),
      }
  }
}

function substituteTest(test: UnitTest, replace: (name: string) => UnitExpr | undefined): UnitTest {
  switch (test.kind) {
    case 'compare':
      return {
        ...test,
        left: substituteInputs(test.left, replace),
        right: substituteInputs(test.right, replace),
      }
    case 'known':
      return { kind: 'known', expr: substituteInputs(test.expr, replace) }
    case 'all':
      return { kind: 'all', tests: test.tests.map((inner) => substituteTest(inner, replace)) }
    case 'not':
      return { kind: 'not', test: substituteTest(test.test, replace) }
  }
}

/**
 * Renders an expression as ClickHouse SQL over `Nullable(Float64)` values: unknown is `NULL`, `when`
 * is `if` (a `NULL` test takes the else branch, as `compileUnitExpr` does), inputs are converted with
 * `toFloat64` so unsigned counts never wrap around on subtraction.
 *
 * @param expr - The expression.
 * @param column - The SQL of each input name.
 * @returns The SQL text.
 * @example
 * renderUnitExprSql(over(input('sum'), input('n')), (name) => name) // '(toFloat64(sum) / toFloat64(n))'
 */
export function renderUnitExprSql(expr: UnitExpr, column: (name: string) => string): string {
  switch (expr.kind) {
    case 'input':
      return `toFloat64(${column(expr.name)})`
    case 'constant':
      return renderNumber(expr.value)
    case 'unknown':
      return 'CAST(NULL AS Nullable(Float64))'
    case 'arithmetic':
      return `(${renderUnitExprSql(expr.left, column)} ${expr.op} ${renderUnitExprSql(expr.right, column)})`
    case 'when':
      return `if(${renderTestSql(expr.test, column)}, ${renderUnitExprSql(expr.whenTrue, column)}, ${
        expr.otherwise === undefined ? 'NULL' : renderUnitExprSql(expr.otherwise, column)
      })`
  }
}

/**
 * Renders a test as ClickHouse SQL (`NULL` when unknown).
 *
 * @param test - The test.
 * @param column - The SQL of each input name.
 * @returns The SQL text.
 */
export function renderTestSql(test: UnitTest, column: (name: string) => string): string {
  switch (test.kind) {
    case 'compare':
      return `(${renderUnitExprSql(test.left, column)} ${test.op} ${renderUnitExprSql(test.right, column)})`
    case 'known':
      return `isNotNull(${renderUnitExprSql(test.expr, column)})`
    case 'all':
      return `(${test.tests.map((inner) => renderTestSql(inner, column)).join(' AND ')})`
    case 'not':
      return `(NOT ${renderTestSql(test.test, column)})`
  }
}

function renderNumber(value: number): string {
  if (!Number.isFinite(value))
    throw new RangeError(`a unit rule holds the constant ${value}; constants are finite`)
  return `toFloat64(${Number.isInteger(value) ? value.toFixed(0) : String(value)})`
}
