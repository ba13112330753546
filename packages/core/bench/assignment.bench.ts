import { randomUUID } from 'node:crypto'
import type { BenchReport, NsRow } from '@llm-canary/bench-kit'
import { assignArm, createAssigner } from '../src/assign/assigner.ts'
import { makeExperiment } from '../src/assign/assignment.fixture.ts'
import { bucketFromHash, seedFromSalt } from '../src/assign/bucket.ts'
import { murmur3X86_32 } from '../src/assign/murmur3.ts'
import { measureRow } from './bench-report.ts'
import { chooseVariation, growthBookHash } from './fnv1a-baseline.ts'
import { launchDarklyBucket, launchDarklyVariation } from './launchdarkly-baseline.ts'

const TARGET_ASSIGN_NS = 200
const POOL_SIZE = 4096

/**
 * Assignment benchmark: ns per `createAssigner(...).assign(uuid)`, per bucket, beside GrowthBook's and
 * LaunchDarkly's bucketing measured in the same run, over a pool of random 36-char UUIDs.
 *
 * @returns The report `bench/run.ts` writes as the `assignment` section of docs/benchmarks.md.
 */
export async function runBench(): Promise<BenchReport<NsRow>> {
  const uuids = Array.from({ length: POOL_SIZE }, () => randomUUID())
  const nonAscii = uuids.map((uuid) => `élodie-${uuid}`)
  let next = 0
  const uuid = () => uuids[next++ & (POOL_SIZE - 1)]!
  const control = { name: 'control', weightBasisPoints: 8000, model: 'openai:gpt-4.1' }
  const plain = makeExperiment({
    id: 'bench',
    arms: [control, { name: 'candidate', weightBasisPoints: 2000 }],
  })
  const shadowed = makeExperiment({
    id: 'bench',
    arms: [control, { name: 'candidate', weightBasisPoints: 2000, shadow: 0.05 }],
  })
  const assigner = createAssigner(plain)
  const shadowAssigner = createAssigner(shadowed)
  const seed = seedFromSalt('bench')
  const growthBookRanges = [
    [0, 0.8],
    [0.8, 1],
  ] as const
  const launchDarklyWeights = [80_000, 20_000]

  const rows = [
    await measureRow('createAssigner(80/20).assign(uuid)', () => assigner.assign(uuid()), 'hot path'),
    await measureRow(
      'createAssigner(80/20, shadow 5%).assign(uuid)',
      () => shadowAssigner.assign(uuid()),
      'one more hash for control units',
    ),
    await measureRow('assignArm(experiment, uuid)', () => assignArm(plain, uuid()), 'cached assigner'),
    await measureRow(
      'bucketFromHash(murmur3X86_32(uuid, seed))',
      () => bucketFromHash(murmur3X86_32(uuid(), seed)),
      'bucket only',
    ),
    await measureRow(
      "murmur3X86_32('élodie-' + uuid, seed)",
      () => murmur3X86_32(nonAscii[next++ & (POOL_SIZE - 1)]!, seed),
      'non-ASCII path, 44 chars',
    ),
    await measureRow(
      "chooseVariation(fnv1a32(fnv1a32(seed + uuid) + ''))",
      () => chooseVariation(growthBookHash('bench', uuid()), growthBookRanges),
      'GrowthBook (hash v2, 80/20)',
    ),
    await measureRow(
      "launchDarklyVariation(launchDarklyBucket('bench', salt, uuid))",
      () => launchDarklyVariation(launchDarklyBucket('bench', 'salt', uuid()), launchDarklyWeights),
      'LaunchDarkly (SHA-1 rollout, 80/20)',
    ),
  ]
  // Medians: on a shared machine the mean carries the samples taken while the process waited for a core.
  const assignNs = rows[0]!.p50Ns
  const growthBookNs = rows.at(-2)!.p50Ns
  const launchDarklyNs = rows.at(-1)!.p50Ns
  return {
    slug: 'assignment',
    title: 'Arm assignment',
    description: [
      `Each operation takes the next of ${POOL_SIZE} random 36-character UUIDs (crypto.randomUUID), so no result repeats in a row.`,
      'Times are mitata 1.0 measurements, in nanoseconds per operation; the rows are independent runs in one process, in one run.',
      "The peers' bucketing is written after their published SDK code and is not used by llm-canary: GrowthBook's in bench/fnv1a-baseline.ts (JS SDK `hash` version 2, double FNV-1a 32, then `chooseVariation` over the bucket ranges), LaunchDarkly's in bench/launchdarkly-baseline.ts (server SDKs' `Bucketer`: SHA-1 of `flagKey.salt.key`, 15 hex digits over 0xFFFFFFFFFFFFFFF, then the rollout's cumulative weights). Each picks one of two variations weighted 80/20, like the first row.",
    ],
    rows,
    conclusions: [
      `assign: ${assignNs.toFixed(1)} ns per call (median), target at most ${TARGET_ASSIGN_NS} ns: ${assignNs <= TARGET_ASSIGN_NS ? 'met' : 'MISSED'}.`,
      `GrowthBook's bucketing takes ${(growthBookNs / assignNs).toFixed(1)}× the time of a full assign, LaunchDarkly's ${(launchDarklyNs / assignNs).toFixed(1)}× (medians).`,
    ],
  }
}
