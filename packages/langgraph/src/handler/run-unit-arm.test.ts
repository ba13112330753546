import {
  ATTR_FEATURE_FLAG_KEY,
  ATTR_FEATURE_FLAG_VARIANT,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_KILL_SWITCH,
} from '@llm-canary/core'
import { describe, expect, it } from 'vitest'
import { parseUnitArm } from '../routing/unit-arm.ts'
import { METADATA_KEY, STATE_KEY } from '../types.ts'
import { makeExperiment, makeUnitArm } from './handler.fixture.ts'
import { findUnitArmInChainValues, readShadowMetadata, toUnitAttributes } from './run-unit-arm.ts'

const unitArm = makeUnitArm(makeExperiment(), 'user-1')

describe('parseUnitArm', () => {
  it('accepts a well-formed session and refuses anything else', () => {
    expect(parseUnitArm(unitArm)).toBe(unitArm)
    expect(parseUnitArm({ ...unitArm, killSwitch: 'no' })).toBeUndefined()
    expect(parseUnitArm({ ...unitArm, shadowArms: undefined })).toBeUndefined()
    expect(parseUnitArm('control')).toBeUndefined()
  })
})

describe('findUnitArmInChainValues', () => {
  it('reads graph state and Command updates', () => {
    expect(findUnitArmInChainValues({ [STATE_KEY]: unitArm, other: 1 })).toBe(unitArm)
    expect(findUnitArmInChainValues({ update: { [STATE_KEY]: unitArm } })).toBe(unitArm)
    expect(findUnitArmInChainValues({ answer: 'x' })).toBeUndefined()
    expect(findUnitArmInChainValues(null)).toBeUndefined()
  })
})

describe('readShadowMetadata', () => {
  it('accepts shadow metadata only with shadow: true and a valid session', () => {
    const shadow = { unitArm, servedArm: 'candidate', agent: 'writer', shadow: true, pairId: 'p' }
    expect(readShadowMetadata({ [METADATA_KEY]: shadow })).toBe(shadow)
    expect(readShadowMetadata({ [METADATA_KEY]: { ...shadow, shadow: false } })).toBeUndefined()
    expect(readShadowMetadata({ [METADATA_KEY]: { ...shadow, unitArm: {} } })).toBeUndefined()
    expect(readShadowMetadata(undefined)).toBeUndefined()
  })
})

describe('toUnitAttributes', () => {
  it('carries experiment, arm and keyed conversation id; the kill switch only when on', () => {
    expect(toUnitAttributes(unitArm)).toEqual({
      [ATTR_FEATURE_FLAG_KEY]: unitArm.experiment,
      [ATTR_FEATURE_FLAG_VARIANT]: unitArm.arm,
      [ATTR_GEN_AI_CONVERSATION_ID]: unitArm.unitHash,
    })
    expect(toUnitAttributes({ ...unitArm, killSwitch: true })[ATTR_KILL_SWITCH]).toBe(true)
  })
})
