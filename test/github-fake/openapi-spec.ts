import { readFileSync } from 'node:fs'
import type { ValidateFunction } from 'ajv'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { resolveTestEngine } from '../helpers/test-engines.ts'
import { coerceQueryValue, githubWording, toJsonSchema } from './schema-dialect.ts'

// ajv-formats is CommonJS with a default export; under NodeNext its namespace is what `import` yields.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default

type Json = Record<string, unknown>

interface Parameter {
  readonly name: string
  readonly in: 'path' | 'query' | 'header' | 'cookie'
  readonly required?: boolean
  readonly schema?: Json
}

/** One operation of GitHub's REST description, keyed like `GET /repos/{owner}/{repo}/pulls`. */
export interface Operation {
  readonly key: string
  readonly method: string
  readonly template: string
  readonly operationId: string
  readonly documentationUrl: string
  readonly parameters: readonly Parameter[]
  readonly requestBodySchema: Json | undefined
  readonly requestBodyRequired: boolean
  readonly responses: Readonly<Record<string, Json | null>>
  readonly segments: readonly string[]
}

/** A request matched to an operation: the operation and its decoded path parameters. */
export interface MatchedOperation {
  readonly operation: Operation
  readonly pathParams: Readonly<Record<string, string>>
}

/** The query and body after validation (query strings coerced to the schema's types, defaults filled). */
export interface ValidatedRequest {
  readonly query: Readonly<Record<string, unknown>>
  readonly problems: readonly string[]
}

const SPEC_FILE = '@octokit/openapi/generated/api.github.com.json'
const NON_SCHEMA_FORMATS = ['uri-template', 'timestamp', 'repo.nwo', 'binary']
/** Path parameters GitHub lets span several segments when a client leaves `/` unencoded. */
const MULTI_SEGMENT_PARAMS = new Set(['{path}', '{ref}', '{basehead}', '{branch}'])

/**
 * GitHub's official REST description (`@octokit/openapi`), loaded once per process: routes requests to
 * operations by method and templated path, and validates parameters, bodies and responses with ajv.
 * Validators are compiled on first use of an operation, so a test file pays only for what it calls.
 */
export class OpenApiSpec {
  readonly #operations = new Map<string, Operation>()
  readonly #byMethod = new Map<string, Operation[]>()
  readonly #ajv: Ajv
  readonly #validators = new Map<string, ValidateFunction>()
  readonly #components: Json

  private constructor(document: Json) {
    const components = document.components as Json
    toJsonSchema(components)
    toJsonSchema(document.paths)
    this.#components = components
    this.#ajv = new Ajv({
      strict: false,
      validateSchema: false,
      allErrors: true,
      inlineRefs: false,
      verbose: true,
    })
    addFormats(this.#ajv)
    for (const format of NON_SCHEMA_FORMATS) this.#ajv.addFormat(format, true)
    this.#ajv.addSchema({ $id: 'gh', components })
    for (const [template, item] of Object.entries(document.paths as Record<string, Record<string, Json>>)) {
      for (const [method, op] of Object.entries(item)) {
        if (method === 'parameters') continue
        this.#add(template, method.toUpperCase(), op)
      }
    }
    for (const ops of this.#byMethod.values()) ops.sort((a, b) => this.#specificity(b) - this.#specificity(a))
  }

  /** Loads and prepares the description; the first call reads ~13 MB of JSON, later calls are free. */
  static load(): OpenApiSpec {
    if (loaded === undefined) {
      const path = resolveTestEngine(SPEC_FILE)
      loaded = new OpenApiSpec(JSON.parse(readFileSync(path, 'utf8')) as Json)
    }
    return loaded
  }

  /** The operation with this key (`GET /repos/{owner}/{repo}/pulls`), or undefined. */
  operation(key: string): Operation | undefined {
    return this.#operations.get(key)
  }

  /**
   * The operation a request goes to. Path parameters match one segment each (clients encode `/` as
   * `%2F`); failing that, a trailing parameter may span the rest of the path (`git/ref/heads/main`).
   */
  match(method: string, rawPath: string): MatchedOperation | undefined {
    const segments = rawPath.split('/').slice(1)
    const candidates = this.#byMethod.get(method) ?? []
    for (const greedy of [false, true]) {
      for (const operation of candidates) {
        const params = this.#matchSegments(operation.segments, segments, greedy)
        if (params !== undefined) return { operation, pathParams: params }
      }
    }
    return undefined
  }

  /** Checks path and query parameters and the JSON body against the operation's schemas. */
  validateRequest(
    operation: Operation,
    pathParams: Readonly<Record<string, string>>,
    search: URLSearchParams,
    body: unknown,
  ): ValidatedRequest {
    const problems: string[] = []
    const query: Record<string, unknown> = {}
    for (const parameter of operation.parameters) {
      const schema = parameter.schema
      if (parameter.in === 'path') {
        const value = pathParams[parameter.name]
        const coerced = value === undefined ? undefined : coerceQueryValue([value], schema)
        problems.push(
          ...this.#check(`${operation.key}#path.${parameter.name}`, schema, coerced, parameter.name),
        )
      } else if (parameter.in === 'query') {
        const raw = search.getAll(parameter.name)
        if (raw.length === 0) {
          if (parameter.required === true) problems.push(`"${parameter.name}" wasn't supplied.`)
          if (schema?.default !== undefined) query[parameter.name] = schema.default
          continue
        }
        const value = coerceQueryValue(raw, schema)
        query[parameter.name] = value
        problems.push(
          ...this.#check(`${operation.key}#query.${parameter.name}`, schema, value, parameter.name),
        )
      }
    }
    if (operation.requestBodySchema !== undefined && (body !== undefined || operation.requestBodyRequired)) {
      problems.push(
        ...this.#check(`${operation.key}#body`, operation.requestBodySchema, body ?? {}, undefined),
      )
    }
    return { query, problems }
  }

  /**
   * Checks a response body against the documented schema for its status. Returns the problems (empty when
   * valid); a status the operation does not document is a problem only for a success status.
   */
  validateResponse(operation: Operation, status: number, body: unknown): string[] {
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => k in operation.responses)
    if (key === undefined) {
      return status < 400 ? [`status ${status} is not documented for ${operation.operationId}`] : []
    }
    const documented = operation.responses[key]
    if (documented === null || documented === undefined) {
      // Error answers always carry GitHub's error body, documented or not.
      return body === undefined || status >= 400
        ? []
        : [`status ${status} of ${operation.operationId} documents no body`]
    }
    const validate = this.#validator(`${operation.key}#response.${key}`, documented)
    if (validate(body)) return []
    return (validate.errors ?? []).map((e) => `response${e.instancePath} ${e.message ?? 'is invalid'}`)
  }

  #check(cacheKey: string, schema: Json | undefined, value: unknown, name: string | undefined): string[] {
    if (schema === undefined) return []
    const validate = this.#validator(cacheKey, schema)
    if (validate(value)) return []
    return (validate.errors ?? []).map((e) => {
      const words = githubWording(e)
      return name === undefined ? words : words.replace(`For ''`, `For '${name}'`)
    })
  }

  #validator(cacheKey: string, schema: Json): ValidateFunction {
    let validate = this.#validators.get(cacheKey)
    if (validate === undefined) {
      validate = this.#ajv.compile(schema)
      this.#validators.set(cacheKey, validate)
    }
    return validate
  }

  #add(template: string, method: string, op: Json): void {
    const parameters = ((op.parameters as Json[] | undefined) ?? []).map(
      (p) => this.#resolve(p) as unknown as Parameter,
    )
    const requestBody = op.requestBody as Json | undefined
    const content = requestBody?.content as Record<string, Json> | undefined
    const responses: Record<string, Json | null> = {}
    for (const [code, response] of Object.entries((op.responses as Record<string, Json>) ?? {})) {
      const json = (this.#resolve(response).content as Record<string, Json> | undefined)?.['application/json']
      responses[code] = (json?.schema as Json | undefined) ?? null
    }
    const externalDocs = op.externalDocs as Json | undefined
    const operation: Operation = {
      key: `${method} ${template}`,
      method,
      template,
      operationId: String(op.operationId),
      documentationUrl:
        typeof externalDocs?.url === 'string' ? externalDocs.url : 'https://docs.github.com/rest',
      parameters,
      requestBodySchema: content?.['application/json']?.schema as Json | undefined,
      requestBodyRequired: requestBody?.required === true,
      responses,
      segments: template.split('/').slice(1),
    }
    this.#operations.set(operation.key, operation)
    const list = this.#byMethod.get(method) ?? []
    list.push(operation)
    this.#byMethod.set(method, list)
  }

  /** Follows a `$ref` to a component (`gh#/components/responses/not_found`); other objects as they are. */
  #resolve(node: Json): Json {
    if (typeof node.$ref !== 'string') return node
    const path = node.$ref.replace(/^gh#\/components\//, '').split('/')
    return path.reduce<Json>((at, key) => at[key] as Json, this.#components)
  }

  /** Literal segments beat parameters, earlier segments weigh more: `/issues/comments` before `/issues/{n}`. */
  #specificity(operation: Operation): number {
    return operation.segments.reduce((score, s, i) => score + (s.startsWith('{') ? 0 : 2 ** (20 - i)), 0)
  }

  #matchSegments(
    template: readonly string[],
    actual: readonly string[],
    greedy: boolean,
  ): Record<string, string> | undefined {
    const spans = MULTI_SEGMENT_PARAMS.has(template.at(-1) ?? '')
    if (greedy ? !spans || actual.length <= template.length : actual.length !== template.length) {
      return undefined
    }
    const params: Record<string, string> = {}
    for (const [i, part] of template.entries()) {
      const isLast = i === template.length - 1
      const raw = greedy && isLast ? actual.slice(i).join('/') : actual[i]!
      if (part.startsWith('{')) {
        if (raw === '') return undefined
        params[part.slice(1, -1)] = decodeURIComponent(raw)
      } else if (part !== raw) return undefined
    }
    return params
  }
}

let loaded: OpenApiSpec | undefined
