#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora (fuzz/corpus/<target>/) from the shipped pack and its tests.

knowledge: every pack file, as "<relative path>\\n<content>" (the target's input format).
search:    every query of the pack's tests.
dialogue:  every scripted conversation of the pack's tests, one turn per line.
cache:     each damage (overwrite, flip, truncate, extend) of each file of a cache entry, at
           its start, at byte 100 and far past any end.
"""

import hashlib
import pathlib
import tomllib

FUZZ = pathlib.Path(__file__).resolve().parent
PACK = FUZZ.parent / "knowledge"


def write(target: str, data: bytes) -> None:
    folder = FUZZ / "corpus" / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main() -> None:
    for path in sorted(PACK.rglob("*.toml")):
        relative = path.relative_to(PACK).as_posix()
        write("knowledge", relative.encode() + b"\n" + path.read_bytes())
    for path in sorted((PACK / "tests").glob("*.toml")):
        tests = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in tests.get("query", []):
            write("search", case["text"].encode())
        for conversation in tests.get("conversation", []):
            write("dialogue", "\n".join(conversation["turns"]).encode())
    # A cache entry has about fifteen files; the target picks one by the first byte.
    for which in range(16):
        for how in range(4):
            for offset in (0, 100, 2**31):
                write("cache", bytes([which, how]) + offset.to_bytes(4, "little") + b"\xff\x00\x7f")
    for target in ("knowledge", "search", "dialogue", "cache"):
        count = len(list((FUZZ / "corpus" / target).iterdir()))
        print(f"{target}: {count} seeds")


if __name__ == "__main__":
    main()
