import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normalizeSourceId } from './normalize-source-id.ts'
import { scorerVectors } from './scorers.fixture.ts'

describe('normalizeSourceId', () => {
  it.each(scorerVectors.normalizeSourceId)('normalizeSourceId[%#] %s', (_name, input, expected) => {
    expect(normalizeSourceId(input)).toBe(expected)
  })

  it('is idempotent', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string()),
        (id) => {
          const once = normalizeSourceId(id)
          expect(normalizeSourceId(once)).toBe(once)
        },
      ),
    )
  })

  it('ignores the order of query parameters', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z]{1,4}$/), fc.stringMatching(/^[a-z0-9]{0,4}$/)), {
          selector: ([name]) => name,
          maxLength: 5,
        }),
        (params) => {
          const query = (list: typeof params) => list.map(([name, value]) => `${name}=${value}`).join('&')
          const forward = normalizeSourceId(`https://example.com/p?${query(params)}`)
          expect(normalizeSourceId(`https://example.com/p?${query([...params].reverse())}`)).toBe(forward)
        },
      ),
    )
  })
})
