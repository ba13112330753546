import type { ConfigIssue } from '../errors.ts'
import { describeValue, isRecord } from './describe-value.ts'
import { ARM_NAME_PATTERN, modelIdSchema, slotSchema, weightSchema } from './schema.ts'

/** Problems and warnings found by the checks across fields. */
export interface CheckFindings {
  readonly errors: ConfigIssue[]
  readonly warnings: ConfigIssue[]
}

const TOTAL_BASIS_POINTS = 10_000

/** A candidate and the slot it takes: pinned with `slot`, or its position among the candidates. */
interface PlacedCandidate {
  readonly name: string
  readonly slot: number
  readonly pinned: boolean
}

/**
 * Checks the `arms` section across arms: names, a candidate exists, weights sum to 100, slots are
 * unique, and warns about arms that share a model or candidates without a pinned `slot`.
 * Works on whatever parts are valid, so it runs even when the schema reported other problems.
 *
 * @param arms - The raw `arms` value from the file.
 * @param findings - Where problems and warnings are added.
 */
export function checkArms(arms: unknown, findings: CheckFindings): void {
  if (!isRecord(arms)) return
  const names = Object.keys(arms)
  for (const name of names) checkArmName(name, findings)
  const candidates = names.filter((name) => name !== 'control')
  if (candidates.length === 0) {
    findings.errors.push({
      path: ['arms'],
      message:
        'arms has no candidate; add one next to control, e.g. candidate: { model: openai:gpt-5, weight: 0, shadow: 5% }',
    })
  }
  checkWeightSum(arms, findings)
  warnSharedModels(arms, findings)
  checkSlots(arms, candidates, findings)
}

function checkArmName(name: string, findings: CheckFindings): void {
  if (ARM_NAME_PATTERN.test(name)) return
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 63)
  const hint = ARM_NAME_PATTERN.test(slug) ? ` (did you mean ${slug}?)` : ''
  findings.errors.push({
    path: ['arms', name],
    message: `arm name ${describeValue(name)} is not allowed; use lowercase letters, digits, '_' and '-', starting with a letter, at most 63 characters${hint}`,
  })
}

function checkWeightSum(arms: Record<string, unknown>, findings: CheckFindings): void {
  const weights: [string, number][] = []
  for (const [name, arm] of Object.entries(arms)) {
    const parsed = weightSchema.safeParse(isRecord(arm) ? arm.weight : undefined)
    // A missing or broken weight is reported on its own; a sum over the rest would only mislead.
    if (!parsed.success) return
    weights.push([name, Math.round(parsed.data * 100)])
  }
  const totalBp = weights.reduce((sum, [, bp]) => sum + bp, 0)
  if (weights.length === 0 || totalBp === TOTAL_BASIS_POINTS) return
  const gapBp = TOTAL_BASIS_POINTS - totalBp
  const terms = weights.map(([name, bp]) => `${name} ${formatBasisPoints(bp)}`).join(' + ')
  const change = gapBp > 0 ? `add ${formatBasisPoints(gapBp)}` : `take away ${formatBasisPoints(-gapBp)}`
  const ordered = [...weights].sort(([a], [b]) => Number(b === 'control') - Number(a === 'control'))
  const fix = ordered.find(([, bp]) => bp + gapBp >= 0 && bp + gapBp <= TOTAL_BASIS_POINTS)
  const example = fix === undefined ? '' : `, e.g. ${fix[0]}: ${formatBasisPoints(fix[1] + gapBp)}`
  findings.errors.push({
    path: ['arms'],
    message: `arm weights sum to ${formatBasisPoints(totalBp)} (${terms}), not 100; ${change} in total${example}`,
  })
}

function warnSharedModels(arms: Record<string, unknown>, findings: CheckFindings): void {
  const firstArmByModel = new Map<string, string>()
  for (const [name, arm] of Object.entries(arms)) {
    const model = modelIdSchema.safeParse(isRecord(arm) ? arm.model : undefined)
    if (!model.success) continue
    const first = firstArmByModel.get(model.data)
    if (first === undefined) {
      firstArmByModel.set(model.data, name)
      continue
    }
    findings.warnings.push({
      path: ['arms', name, 'model'],
      message: `arms ${first} and ${name} both use ${model.data}, so the experiment compares a model with itself; point ${name} at the model you want to try`,
    })
  }
}

function checkSlots(
  arms: Record<string, unknown>,
  candidates: readonly string[],
  findings: CheckFindings,
): void {
  const placed: PlacedCandidate[] = []
  candidates.forEach((name, index) => {
    const arm = arms[name]
    if (!isRecord(arm)) return
    if (arm.slot === undefined) placed.push({ name, slot: index, pinned: false })
    else {
      const slot = slotSchema.safeParse(arm.slot)
      if (slot.success) placed.push({ name, slot: slot.data, pinned: true })
    }
  })
  const freeSlot = Math.max(-1, ...placed.map(({ slot }) => slot)) + 1
  const owners = new Map<number, PlacedCandidate>()
  for (const { name, slot, pinned } of placed) {
    const owner = owners.get(slot)
    if (owner === undefined) {
      owners.set(slot, { name, slot, pinned })
      continue
    }
    const taken = owner.pinned
      ? `${owner.name} sets slot: ${slot}`
      : `${owner.name} has no slot and sits at position ${slot}`
    const mine = pinned ? `slot ${slot}` : `${name} has no slot, so it takes its position ${slot}, but that`
    findings.errors.push({
      path: ['arms', name, 'slot'],
      message: `${mine} is already taken: ${taken}; give every candidate its own slot (e.g. ${name}: slot: ${freeSlot})`,
    })
  }
  warnUnpinnedSlots(placed, findings)
}

function warnUnpinnedSlots(placed: readonly PlacedCandidate[], findings: CheckFindings): void {
  const unpinned = placed.filter(({ pinned }) => !pinned)
  if (placed.length < 2 || unpinned.length === 0) return
  const keep = unpinned.map(({ name, slot }) => `${name}: slot: ${slot}`).join(', ')
  findings.warnings.push({
    path: ['arms'],
    message: `${unpinned.length === 1 ? 'candidate' : 'candidates'} ${unpinned.map(({ name }) => name).join(', ')} ${unpinned.length === 1 ? 'has' : 'have'} no slot; pin slot on every candidate so that removing one never moves another's units (to keep today's assignment: ${keep})`,
  })
}

function formatBasisPoints(basisPoints: number): string {
  return String(basisPoints / 100)
}
