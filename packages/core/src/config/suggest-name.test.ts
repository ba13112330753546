import { describe, expect, it } from 'vitest'
import { suggestName } from './suggest-name.ts'

const METRICS = ['latency_p50_ms', 'latency_p95_ms', 'latency_p99_ms', 'error_rate', 'accuracy']
const ARM_KEYS = ['model', 'weight', 'shadow', 'slot']

describe('suggestName', () => {
  it.each([
    ['latency_p59_ms', METRICS, 'latency_p95_ms'],
    ['Accuracy', METRICS, 'accuracy'],
    ['error-rate', METRICS, 'error_rate'],
    ['acuracy', METRICS, 'accuracy'],
    ['latency', METRICS, 'latency_p50_ms'],
    ['wieght', ARM_KEYS, 'weight'],
    ['shaddow', ARM_KEYS, 'shadow'],
    ['models', ARM_KEYS, 'model'],
  ] as const)('%s suggests %s', (input, candidates, expected) => {
    expect(suggestName(input, candidates)).toBe(expected)
  })

  it.each([
    ['colour', ARM_KEYS],
    ['', ARM_KEYS],
    ['weight', []],
  ] as const)('%j suggests nothing among %j', (input, candidates) => {
    expect(suggestName(input, candidates)).toBeUndefined()
  })
})
