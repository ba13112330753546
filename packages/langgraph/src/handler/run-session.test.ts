import {
  ATTR_FEATURE_FLAG_KEY,
  ATTR_FEATURE_FLAG_VARIANT,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_KILL_SWITCH,
} from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import { parseSessionArm } from '../routing/session-arm.ts'
import { METADATA_KEY, STATE_KEY } from '../types.ts'
import { makeExperiment, makeSession } from './handler.fixture.ts'
import { findSessionInChainValues, readShadowMetadata, toSessionAttributes } from './run-session.ts'

const session = makeSession(makeExperiment(), 'user-1')

describe('parseSessionArm', () => {
  it('accepts a well-formed session and refuses anything else', () => {
    expect(parseSessionArm(session)).toBe(session)
    expect(parseSessionArm({ ...session, killSwitch: 'no' })).toBeUndefined()
    expect(parseSessionArm({ ...session, shadowArms: undefined })).toBeUndefined()
    expect(parseSessionArm('control')).toBeUndefined()
  })
})

describe('findSessionInChainValues', () => {
  it('reads graph state and Command updates', () => {
    expect(findSessionInChainValues({ [STATE_KEY]: session, other: 1 })).toBe(session)
    expect(findSessionInChainValues({ update: { [STATE_KEY]: session } })).toBe(session)
    expect(findSessionInChainValues({ answer: 'x' })).toBeUndefined()
    expect(findSessionInChainValues(null)).toBeUndefined()
  })
})

describe('readShadowMetadata', () => {
  it('accepts shadow metadata only with shadow: true and a valid session', () => {
    const shadow = { session, servedArm: 'candidate', agent: 'writer', shadow: true, pairId: 'p' }
    expect(readShadowMetadata({ [METADATA_KEY]: shadow })).toBe(shadow)
    expect(readShadowMetadata({ [METADATA_KEY]: { ...shadow, shadow: false } })).toBeUndefined()
    expect(readShadowMetadata({ [METADATA_KEY]: { ...shadow, session: {} } })).toBeUndefined()
    expect(readShadowMetadata(undefined)).toBeUndefined()
  })
})

describe('toSessionAttributes', () => {
  it('carries experiment, arm and keyed conversation id; the kill switch only when on', () => {
    expect(toSessionAttributes(session)).toEqual({
      [ATTR_FEATURE_FLAG_KEY]: session.experiment,
      [ATTR_FEATURE_FLAG_VARIANT]: session.arm,
      [ATTR_GEN_AI_CONVERSATION_ID]: session.conversationId,
    })
    expect(toSessionAttributes({ ...session, killSwitch: true })[ATTR_KILL_SWITCH]).toBe(true)
  })
})
