#!/usr/bin/env python3
"""Writes the real-complaint suite's two halves from collected cases.

Usage: scripts/split-real-suite.py COLLECTED.toml... 

Each case goes to the dev half or the test half by the first byte of the SHA-256 of its
text (even: dev, odd: test), so the split is fixed once and for all: adding cases never
moves one already placed. The dev half is for fitting and choosing; the test half is never
used to tune anything (its file says `held_out = true`, so the model does not train on it).
"""
import hashlib
import sys
import tomllib

PREAMBLE = """# Complaints written by real people in public posts about identity verification on
# exchanges and fintech apps, quoted (trimmed, typos kept, personal data removed) with their
# source. Labelled with the entries a support agent would open; `expect = []` is out of
# scope, with the neighbouring `topic` it is about. Written by scripts/split-real-suite.py.

"""

# Floors that `kb test` (and so `cargo test`) holds the figures to: the dev half is trained
# on, so it must be all but fitted; the test half's recall floors are the measured figures
# less a margin for small changes, and the rest are issue 18's targets (docs/relevance.md
# has the figures).
TARGETS = {
    "dev": "\n[suite.targets]\nrecall_at_1 = 0.95\nrecall_at_3 = 0.95\nrejection = 0.95\nfirst_reply = 0.95\n",
    "test": (
        "\n[suite.targets]\nrecall_at_1 = 0.55\nrecall_at_3 = 0.70\n"
        "# Issue 18: the first reply and the rejection must not fall, the conversation reaches the\n"
        "# right entry within 3 and 4 messages, and confident answers are rarely wrong.\n"
        "rejection = 0.88\nfirst_reply = 0.75\nwithin_3 = 0.90\nwithin_4 = 0.99\n"
        "max_mean_messages = 2.4\nmax_confident_wrong = 0.05\n"
    ),
}

HEADERS = {
    "dev": (
        "knowledge/tests/real-dev.toml",
        'name = "real complaints, dev half"\n'
        "# Trained on and used to choose the thresholds (see docs/relevance.md).\n"
        "held_out = false\n",
    ),
    "test": (
        "knowledge/tests/real-test.toml",
        'name = "real complaints, test half"\n'
        "# Never trained on, never used to choose anything: the honest figures.\n"
        "held_out = true\n",
    ),
}


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def main(paths):
    cases, seen = [], set()
    for path in paths:
        with open(path, "rb") as f:
            for case in tomllib.load(f).get("query", []):
                key = " ".join(case["text"].split()).lower()
                if key not in seen:
                    seen.add(key)
                    cases.append(case)
    halves = {"dev": [], "test": []}
    for case in cases:
        digest = hashlib.sha256(case["text"].encode()).digest()
        halves["dev" if digest[0] % 2 == 0 else "test"].append(case)
    for half, (path, header) in HEADERS.items():
        out = [PREAMBLE, "[suite]\n", header, TARGETS[half]]
        for case in sorted(halves[half], key=lambda c: (c["expect"] or ["~"], c["text"])):
            out.append("\n[[query]]\n")
            out.append(f"text = {quote(case['text'])}\n")
            out.append("expect = [" + ", ".join(quote(e) for e in case["expect"]) + "]\n")
            if case.get("topic"):
                out.append(f"topic = {quote(case['topic'])}\n")
            out.append(f"source = {quote(case['source'])}\n")
        with open(path, "w", encoding="utf-8") as f:
            f.write("".join(out))
        print(path, len(halves[half]))


if __name__ == "__main__":
    main(sys.argv[1:])
