#!/usr/bin/env python3
"""Reference implementation of llm-canary arm assignment, hash version 1 (docs/assignment.md).

Pure Python, standard library only. It is the executable form of the spec: any language that
reproduces the vectors it prints assigns every unit to the same arm as `@llm-canary/core`.

Usage (from packages/core):
    python3 scripts/assignment_reference.py > test/vectors/assignment.json
    npx biome format --write test/vectors/assignment.json   # layout only; the values are unchanged

With the `mmh3` package installed, `mmh3.hash(key, seed, signed=False)` returns the same values
as `murmur3_x86_32` below for every string without lone surrogates.
"""

from __future__ import annotations

import json
import sys

SPEC_VERSION = 1
HASH_VERSION = 1
BUCKETS = 10_000  # basis points: weights are integers that sum to this
TWO_POW_32 = 2**32
MASK_32 = 0xFFFFFFFF


def utf8(text: str) -> bytes:
    """UTF-8 bytes of `text` read as UTF-16, like TextEncoder: a lone surrogate becomes U+FFFD."""
    raw = text.encode("utf-16-le", "surrogatepass")
    units = [raw[i] | (raw[i + 1] << 8) for i in range(0, len(raw), 2)]
    out = bytearray()
    i = 0
    while i < len(units):
        unit = units[i]
        i += 1
        if 0xD800 <= unit <= 0xDBFF and i < len(units) and 0xDC00 <= units[i] <= 0xDFFF:
            code_point = 0x10000 + ((unit - 0xD800) << 10) + (units[i] - 0xDC00)
            i += 1
        elif 0xD800 <= unit <= 0xDFFF:
            code_point = 0xFFFD
        else:
            code_point = unit
        out += chr(code_point).encode("utf-8")
    return bytes(out)


def _rotl32(x: int, r: int) -> int:
    return ((x << r) | (x >> (32 - r))) & MASK_32


def murmur3_x86_32(data: bytes, seed: int) -> int:
    """MurmurHash3_x86_32 (Austin Appleby, SMHasher), unsigned 32-bit result."""
    c1, c2 = 0xCC9E2D51, 0x1B873593
    h1 = seed & MASK_32
    n_blocks = len(data) // 4
    for block in range(n_blocks):
        k1 = int.from_bytes(data[block * 4 : block * 4 + 4], "little")
        k1 = (k1 * c1) & MASK_32
        k1 = _rotl32(k1, 15)
        k1 = (k1 * c2) & MASK_32
        h1 ^= k1
        h1 = _rotl32(h1, 13)
        h1 = (h1 * 5 + 0xE6546B64) & MASK_32
    tail = data[n_blocks * 4 :]
    k1 = 0
    if len(tail) >= 3:
        k1 ^= tail[2] << 16
    if len(tail) >= 2:
        k1 ^= tail[1] << 8
    if len(tail) >= 1:
        k1 ^= tail[0]
        k1 = (k1 * c1) & MASK_32
        k1 = _rotl32(k1, 15)
        k1 = (k1 * c2) & MASK_32
        h1 ^= k1
    h1 ^= len(data)
    h1 ^= h1 >> 16
    h1 = (h1 * 0x85EBCA6B) & MASK_32
    h1 ^= h1 >> 13
    h1 = (h1 * 0xC2B2AE35) & MASK_32
    h1 ^= h1 >> 16
    return h1


def hash_text(text: str, seed: int) -> int:
    """Step 1-2 helper: murmur3 of the UTF-8 bytes of `text`."""
    return murmur3_x86_32(utf8(text), seed)


def salt_seed(salt: str) -> int:
    """Step 1: the experiment's seed, murmur3(utf8(salt), 0)."""
    return hash_text(salt, 0)


def bucket_of(salt: str, unit_id: str) -> int:
    """Step 2: floor(h * 10000 / 2^32), an integer in [0, 9999] (multiply-shift, no modulo)."""
    return (hash_text(unit_id, salt_seed(salt)) * BUCKETS) >> 32


def layout(arms: list[dict]) -> list[tuple[str, int, int]]:
    """Step 3: half-open bucket ranges (name, start, end); even slots from the top, odd from the bottom."""
    candidates = [arm for arm in arms if arm["name"] != "control"]
    ranges = []
    top = BUCKETS
    for arm in sorted((a for a in candidates if a["slot"] % 2 == 0), key=lambda a: a["slot"]):
        ranges.append((arm["name"], top - arm["weightBasisPoints"], top))
        top -= arm["weightBasisPoints"]
    bottom = 0
    for arm in sorted((a for a in candidates if a["slot"] % 2 == 1), key=lambda a: a["slot"]):
        ranges.append((arm["name"], bottom, bottom + arm["weightBasisPoints"]))
        bottom += arm["weightBasisPoints"]
    if bottom > top:
        raise ValueError(f"candidate weights sum to {bottom + BUCKETS - top} > {BUCKETS}")
    ranges.append(("control", bottom, top))
    return ranges


def is_shadowed(salt: str, arm_name: str, shadow: float, unit_id: str) -> bool:
    """Step 4: murmur3(unit, seed_c) * 10000 / 2^32 < shadow * 10000 (IEEE-754 doubles, as written)."""
    seed_c = hash_text(salt + ":shadow:" + arm_name, 0)
    return hash_text(unit_id, seed_c) * BUCKETS / TWO_POW_32 < shadow * BUCKETS


def assign(experiment: dict, unit_id: str) -> tuple[str, list[str]]:
    """Steps 1-4: (arm name, shadow arm names in declaration order)."""
    if not isinstance(unit_id, str) or unit_id == "":
        raise ValueError("unit id must be a non-empty string")
    if experiment["hashVersion"] != HASH_VERSION:
        raise ValueError(f"hash version {experiment['hashVersion']} is not supported")
    bucket = bucket_of(experiment["salt"], unit_id)
    arm = next(name for name, start, end in layout(experiment["arms"]) if start <= bucket < end)
    if arm != "control":
        return arm, []
    shadows = [
        a["name"]
        for a in experiment["arms"]
        if a["name"] != "control" and a["shadow"] > 0
        and is_shadowed(experiment["salt"], a["name"], a["shadow"], unit_id)
    ]
    return arm, shadows


# ---- vectors ---------------------------------------------------------------------------------

# Published MurmurHash3_x86_32 values (SMHasher-compatible implementations, e.g. the test tables
# quoted on Wikipedia's MurmurHash page and in the mmh3 / murmurhash-js test suites).
PUBLISHED = [
    ("empty seed 0", "", 0, 0x00000000),
    ("empty seed 1", "", 1, 0x514E28B7),
    ("empty seed 0xffffffff", "", 0xFFFFFFFF, 0x81F16F39),
    ("hello seed 0", "hello", 0, 0x248BFA47),
    ("Hello, world! seed 1234", "Hello, world!", 1234, 0xFAF6CDB3),
    ("Hello, world! seed 0x9747b28c", "Hello, world!", 0x9747B28C, 0x24884CBA),
    ("quick brown fox seed 0", "The quick brown fox jumps over the lazy dog", 0, 0x2E4FF723),
    ("quick brown fox seed 0x9747b28c", "The quick brown fox jumps over the lazy dog", 0x9747B28C, 0x2FA826CD),
    ("four zero bytes seed 0", "\0\0\0\0", 0, 0x2362F9DE),
    ("aaaa seed 0x9747b28c", "aaaa", 0x9747B28C, 0x5A97808A),
]


# Strings that are not well-formed UTF-16. JSON parsers disagree on lone surrogate escapes (some
# reject them, some replace them), so these rows give the text as its UTF-16 code units.
ILL_FORMED = [
    ("lone high surrogate", [0x61, 0xD800, 0x62], 0),
    ("lone low surrogate", [0x61, 0xDC00, 0x62], 0),
    ("high surrogate at end", [0x61, 0x62, 0x63, 0xD83D], 0),
    ("reversed pair", [0xDE00, 0xD83D], 0),
    ("pair then lone high", [0xD83D, 0xDE00, 0xD800, 0x41, 0x42, 0x43, 0x44], 5),
    ("lone high inside first block", [0x41, 0xDBFF, 0x42, 0x43, 0x44, 0x45], 5),
]


def code_units_to_str(units: list[int]) -> str:
    return b"".join(u.to_bytes(2, "little") for u in units).decode("utf-16-le", "surrogatepass")


def murmur_code_unit_rows() -> list[list]:
    return [[name, units, seed, hash_text(code_units_to_str(units), seed)] for name, units, seed in ILL_FORMED]


def murmur_rows() -> list[list]:
    rows = []
    for name, text, seed, value in PUBLISHED:
        got = hash_text(text, seed)
        if got != value:
            raise SystemExit(f"murmur3 disagrees with the published value for {name}: {got:#x} != {value:#x}")
        rows.append([name, text, seed, value])
    extra = [
        ("tail 1 byte", "a", 0),
        ("tail 2 bytes", "ab", 0),
        ("tail 3 bytes", "abc", 0),
        ("one block", "abcd", 0),
        ("block + tail 1", "abcde", 42),
        ("block + tail 2", "abcdef", 42),
        ("block + tail 3", "abcdefg", 42),
        ("two blocks", "abcdefgh", 42),
        ("uuid", "3f2c6a1e-9b4d-4c7a-8e21-5d0f7b9a2c64", 2_654_435_761),
        ("max seed", "session-1", 0xFFFFFFFF),
        ("latin-1 2-byte", "caf\u00e9", 0),
        ("cjk 3-byte", "\u65e5\u672c", 0),
        ("emoji 4-byte", "\U0001F600", 0),
        ("mixed ascii then non-ascii", "user-1234-\u00e9t\u00e9-\u65e5\u672c-\U0001F680", 7),
        ("non-ascii first", "\u00e9abcdefgh", 7),
        ("non-ascii at block boundary", "abcd\u00e9fgh", 7),
        ("U+FFFD itself", "a\ufffdb", 0),
        ("nul and control chars", "a\0b\tc\n", 0),
        ("U+007F and U+0080", "\u007f\u0080", 0),
        ("U+07FF and U+0800", "\u07ff\u0800", 0),
        ("U+FFFF", "\uffff", 0),
        ("U+10FFFF", "\U0010FFFF", 0),
        ("long ascii", "x" * 257, 3),
        ("long non-ascii", "\u00e9\u65e5\U0001F600" * 40, 3),
    ]
    rows += [[name, text, seed, hash_text(text, seed)] for name, text, seed in extra]
    return rows


UUIDS = [
    "3f2c6a1e-9b4d-4c7a-8e21-5d0f7b9a2c64",
    "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-ffff-ffff-ffffffffffff",
    "123e4567-e89b-12d3-a456-426614174000",
    "9b2e1c44-7d3a-4f6e-b1a0-2c8d5e7f9a13",
    "c0ffee00-1234-5678-9abc-def012345678",
    "6fa459ea-ee8a-3ca4-894e-db77e160355e",
    "a1b2c3d4-e5f6-4718-9a2b-3c4d5e6f7a8b",
]
EMAILS = ["alice@example.com", "bob.smith+canary@example.org", "\u00e9lodie@exemple.fr", "user_42@sub.example.co.uk"]
PLAIN = ["session-1", "session-2", "session-10", "thread:abc", "u", "0", " ", "user 7", "SESSION-1"]
UNICODE = ["caf\u00e9", "\u65e5\u672c", "\u65e5\u672c\u8a9e\u306e\u30bb\u30c3\u30b7\u30e7\u30f3",
           "\U0001F600", "\U0001F468\u200d\U0001F469\u200d\U0001F467", "na\u00efve-\u00e9t\u00e9", "\u0645\u0631\u062d\u0628\u0627"]
LONG = ["s" * 200, "session-" + "0123456789" * 30, "\u00e9" * 150]


def bucket_rows() -> list[list]:
    salts = ["support-triage-2026-05", "checkout-llm", "", "caf\u00e9-\U0001F680"]
    rows = []
    ids = UUIDS + EMAILS + PLAIN + UNICODE + LONG
    for salt_index, salt in enumerate(salts):
        # Every id under the main salt, a rotating subset under the others: enough to pin the seed step.
        chosen = ids if salt_index == 0 else ids[salt_index::3]
        for unit_id in chosen:
            label = unit_id if len(unit_id) <= 24 else unit_id[:21] + "..."
            rows.append([f"salt {salt!r} id {label!r}", salt, unit_id, bucket_of(salt, unit_id)])
    return rows


def arm(name: str, weight_bp: int, slot: int, shadow: float = 0) -> dict:
    return {"name": name, "weightBasisPoints": weight_bp, "slot": slot, "shadow": shadow}


EXPERIMENTS = [
    ("80/20", {"salt": "support-triage-2026-05", "hashVersion": 1,
               "arms": [arm("control", 8000, -1), arm("candidate", 2000, 0)]}),
    ("50/50 with shadow", {"salt": "checkout-llm", "hashVersion": 1,
                           "arms": [arm("control", 5000, -1), arm("candidate", 5000, 0, 0.5)]}),
    ("shadow only (weight 0)", {"salt": "shadow-stage", "hashVersion": 1,
                                "arms": [arm("control", 10000, -1), arm("candidate", 0, 0, 0.3)]}),
    ("two candidates slots 0 and 1", {"salt": "two-way", "hashVersion": 1,
                                      "arms": [arm("control", 4000, -1), arm("gpt5", 3000, 0, 0.25),
                                               arm("claude", 3000, 1, 0.5)]}),
    ("three candidates slots 0,1,2", {"salt": "three-way", "hashVersion": 1,
                                      "arms": [arm("control", 2500, -1), arm("a", 2500, 0), arm("b", 2500, 1),
                                               arm("c", 2500, 2)]}),
    ("explicit slots 3 and 2", {"salt": "explicit-slots", "hashVersion": 1,
                                "arms": [arm("control", 6000, -1), arm("late", 2500, 3), arm("early", 1500, 2, 0.4)]}),
    ("candidate 100%", {"salt": "full", "hashVersion": 1,
                        "arms": [arm("control", 0, -1), arm("candidate", 10000, 0)]}),
    ("empty salt, basis-point weights", {"salt": "", "hashVersion": 1,
                                         "arms": [arm("control", 9875, -1), arm("candidate", 125, 1, 0.07)]}),
]


def _outcomes(experiment: dict, unit_id: str) -> set[str]:
    """What a row for `unit_id` would pin: its arm and, for control, its exact shadow list."""
    arm_name, shadows = assign(experiment, unit_id)
    return {arm_name} if arm_name != "control" else {arm_name, "shadows:" + ",".join(shadows)}


def _wanted_outcomes(experiment: dict) -> set[str]:
    """Every arm with weight, and for control every combination of shadow arms (declaration order)."""
    wanted = {a["name"] for a in experiment["arms"] if a["weightBasisPoints"] > 0}
    if "control" in wanted:
        combos = [[]]
        for a in experiment["arms"]:
            if a["name"] != "control" and a["shadow"] > 0:
                combos += [combo + [a["name"]] for combo in combos]
        wanted |= {"shadows:" + ",".join(combo) for combo in combos}
    return wanted


def assignment_rows() -> list[list]:
    ids = UUIDS + EMAILS[:2] + PLAIN[:4] + UNICODE[:3]
    rows = []
    for name, experiment in EXPERIMENTS:
        chosen = list(ids)
        seen = set().union(*(_outcomes(experiment, unit_id) for unit_id in chosen))
        # Rare outcomes (a 1.25% arm, a shadow) get the first probe id that reaches them, so every
        # arm and every shadow decision of every experiment is pinned by at least one row.
        probe = 0
        while not _wanted_outcomes(experiment) <= seen:
            unit_id = f"probe-{probe}"
            probe += 1
            new = _outcomes(experiment, unit_id) - seen
            if new & _wanted_outcomes(experiment):
                chosen.append(unit_id)
                seen |= new
        for unit_id in chosen:
            arm_name, shadows = assign(experiment, unit_id)
            label = unit_id if len(unit_id) <= 24 else unit_id[:21] + "..."
            rows.append([f"{name} / {label}", experiment, unit_id, arm_name, shadows])
    return rows


def main() -> None:
    vectors = {
        "specVersion": SPEC_VERSION,
        "hashVersion": HASH_VERSION,
        "generatedBy": "packages/core/scripts/assignment_reference.py",
        "murmur3": murmur_rows(),
        "murmur3CodeUnits": murmur_code_unit_rows(),
        "buckets": bucket_rows(),
        "assignments": assignment_rows(),
    }
    # Readable UTF-8: no lone surrogates remain outside the code-unit rows.
    sys.stdout.buffer.write(json.dumps(vectors, indent=1, ensure_ascii=False).encode("utf-8") + b"\n")


if __name__ == "__main__":
    main()
