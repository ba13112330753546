import type { LikertScore } from './score-types.ts'

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
}
const NUM = `[+-]?\\d+(?:\\.\\d+)?|${Object.keys(NUMBER_WORDS).join('|')}`
// `rate` only as a verb ("I'd rate it", "rate this"): "the error rate is 3" is not a score.
const KEYWORD =
  /\b(?:score|scored|scoring|rating|rated|grade|graded|likert|verdict|give it|give this|gave it|gave this|(?<=\b(?:i|i'd|i'll|would|will|we|we'd) )rate|rate(?= (?:it|this|that|the)\b))\b/g
const FILLERS = new Set([
  ':',
  '=',
  '-',
  '->',
  '→',
  'is',
  'of',
  'it',
  'this',
  'that',
  'the',
  'answer',
  'response',
  'output',
  'a',
  'an',
  'as',
  'at',
  'be',
  'would',
  'should',
  'will',
  'i',
  'my',
  'final',
  'overall',
  'here',
])
const MAX_FILLERS = 5
const TOKEN = /\s*(->|→|[:=]|[+-]?\d+(?:\.\d+)?|[a-z]+|\S)/y
const NUMBER_TOKEN = new RegExp(`^(?:${NUM})$`)
const SCALE_AFTER = new RegExp(`^\\s*(?:/|out of|of)\\s*(${NUM})(?![\\w/])`)
const FRACTION = new RegExp(`(?<![\\w./-])(${NUM})\\s*(?:/|out of)\\s*(5|five)(?![\\w/])`, 'g')
const BARE = new RegExp(`^(${NUM})(?:\\s*(?:/|out of)\\s*(${NUM}))?$`)
const NEGATION = /\b(?:not|never|cannot)\b|n't\b/
const SCALE_DESCRIPTION =
  /\(?\s*(?:on\s+)?(?:a\s+)?(?:likert\s+)?scale\s+(?:of|from)\s+(?:1|one)\s*(?:-|–|to)\s*(?:5|five)\s*\)?|\(\s*1\s*[-–]\s*5\s*\)|\b1\s*[-–]\s*5\s+scale\b/g

/** A number found in a score context: valid (1–5) or a reason to refuse the whole answer. */
type Candidate = { readonly valid: true; readonly value: LikertScore } | { readonly valid: false }

/**
 * Reads a Likert score (1–5) from an LLM judge's free-text answer. A number counts only in a score context:
 * after a keyword (`Score: 4`, `**Rating:** 3`, `I'd rate it a 4`, `I would give this answer a 4`,
 * JSON `{"score": 5}`), as a fraction of 5 (`4/5`, `4 out of 5`, `four out of five`), or as the whole answer
 * (`4`, `Four.`). Other numbers (dates, counts, `2 of 3 points`) are ignored. The answer is refused (null)
 * when nothing is found, when several different scores are found, when a score is out of range, not an
 * integer or on another scale (`Score: 0`, `Rating: 3.5`, `Score: 8/10`, `80%`), when it is a range or a
 * choice (`3 or 4`, `4-5`), or when it is negated (`I would not give it a 5`). Never a guess.
 *
 * @param text - The judge's answer.
 * @returns The score, or `null`.
 * @example
 * parseLikert('**Rating:** 4/5. The answer cites 3 sources.') // 4
 * parseLikert('Somewhere between 3 and 4.') // null
 */
export function parseLikert(text: string): LikertScore | null {
  const prepared = prepare(text)
  const candidates = [
    ...keywordCandidates(prepared),
    ...fractionCandidates(prepared),
    ...bareCandidates(prepared),
  ]
  if (candidates.length === 0 || candidates.some((candidate) => !candidate.valid)) return null
  const values = new Set(candidates.map((candidate) => (candidate.valid ? candidate.value : 0)))
  const [only] = values
  return values.size === 1 && only !== undefined ? (only as LikertScore) : null
}

function prepare(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’ʼ]/g, "'")
    .replace(/[*_`#>"{}]/g, ' ')
    .replace(SCALE_DESCRIPTION, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

function keywordCandidates(text: string): Candidate[] {
  const found: Candidate[] = []
  for (const keyword of text.matchAll(KEYWORD)) {
    const start = keyword.index
    const numberAt = skipFillers(text, start + keyword[0].length)
    if (numberAt === undefined) continue
    const candidate = readScoreAt(text, numberAt.start, numberAt.token)
    if (candidate === undefined) continue
    found.push(isNegated(text.slice(0, start)) ? { valid: false } : candidate)
  }
  return found
}

/** Skips filler words after a keyword; returns the number token that follows, if any. */
function skipFillers(text: string, from: number): { start: number; token: string } | undefined {
  TOKEN.lastIndex = from
  for (let fillers = 0; fillers <= MAX_FILLERS; fillers++) {
    const match = TOKEN.exec(text)
    const token = match?.[1]
    if (match === null || token === undefined) return undefined
    if (NUMBER_TOKEN.test(token)) return { start: TOKEN.lastIndex - token.length, token }
    if (!FILLERS.has(token)) return undefined
  }
  return undefined
}

/** Reads the number at `start` and what follows it: a scale, a range, a percent sign, a date. */
function readScoreAt(text: string, start: number, token: string): Candidate | undefined {
  const rest = text.slice(start + token.length)
  const scale = SCALE_AFTER.exec(rest)
  if (scale !== null) return toCandidate(token, scale[1])
  // `2026-05-03`, `10:30`, `4-5`: a date, a time or a range, not a score.
  if (/^[-/.:–]\d/.test(rest)) return undefined
  if (/^\s*%/.test(rest)) return { valid: false }
  if (new RegExp(`^\\s*(?:or|to|-|–|and)\\s+(?:a\\s+)?(?:${NUM})\\b`).test(rest)) return { valid: false }
  return toCandidate(token, undefined)
}

function fractionCandidates(text: string): Candidate[] {
  return [...text.matchAll(FRACTION)].map((match) => toCandidate(match[1] ?? '', match[2]))
}

function bareCandidates(text: string): Candidate[] {
  const match = BARE.exec(text.replace(/^[\s.,:;!?()]+|[\s.,:;!?()]+$/g, ''))
  return match === null ? [] : [toCandidate(match[1] ?? '', match[2])]
}

function toCandidate(numberText: string, scaleText: string | undefined): Candidate {
  const value = readNumber(numberText)
  const scale = scaleText === undefined ? 5 : readNumber(scaleText)
  if (scale !== 5 || !Number.isInteger(value) || value < 1 || value > 5) return { valid: false }
  return { valid: true, value: value as LikertScore }
}

function readNumber(text: string): number {
  return NUMBER_WORDS[text] ?? Number(text)
}

function isNegated(before: string): boolean {
  // Only the words just before the keyword, in the same clause: "Not bad. Score: 4" is not a negation.
  const clause = before.split(/[.!?;:\n]/).pop() ?? ''
  return NEGATION.test(clause.trim().split(' ').slice(-3).join(' '))
}
