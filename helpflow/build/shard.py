"""A stable share of a school group for one machine: ``helpflow build --all --shard K/N``.

A school's shard comes from its slug alone, so adding or removing a school moves no
other school to another shard (and its cache with it).
"""

from __future__ import annotations

import hashlib
import re

from helpflow.errors import HelpflowError

SHARD = re.compile(r"^([1-9][0-9]{0,3})/([1-9][0-9]{0,3})$")


def parse_shard(text: str) -> tuple[int, int]:
    """``K/N`` as (K, N), 1 <= K <= N; anything else is a one-line error."""
    match = SHARD.fullmatch(text)
    if not match or int(match[1]) > int(match[2]):
        raise HelpflowError(f"--shard: '{text[:20]}' is not a share like 2/8; write K/N with 1 <= K <= N")
    return int(match[1]), int(match[2])


def in_shard(slug: str, shard: tuple[int, int]) -> bool:
    """Whether the school ``slug`` belongs to shard K of N."""
    k, n = shard
    return int.from_bytes(hashlib.sha256(slug.encode()).digest()[:8], "big") % n == k - 1
