"""What a person should never have to read in a record: code, not Chinese.

Used by the tests of every place history is shown (case timeline, API history,
archive search documents): raw dicts and lists, Python literals, internal field
or status codes, English words.
"""

import re

# Values that are identifiers by design: case, notice, complaint, lead and
# referral numbers (JZ2026000001, GZ…), archive numbers (2026-YW-000001), demo
# external ids (DEMO-dongling-01), masked ID numbers and phone numbers.
ALLOWED = re.compile(
    r"\b\d{4}-[A-Z0-9]{2,10}-\d{6}\b|\b[A-Z]{2}\d{10}\b|\bDEMO-[a-z]+-\d+\b|\b\d{6}\*+\d{3}[\dX]\b|\bA4\b|\bB岗\b|\bA岗\b"
)
# 案件附件: a file's SHA-256 digest is an identifier by design (the history
# keeps it so a file can be checked), and file types are named as people name
# them (PDF, JPEG, PNG, OFD), also as a file name's extension.
ALLOWED_FILES = re.compile(
    r"\bSHA-256\b|\b[0-9a-f]{64}\b|\b(PDF|JPEG|PNG|OFD)\b"
    r"|\.(pdf|jpe?g|png|ofd)\b"
)
RAW = re.compile(r"[{}\[\]]|\bNone\b|\bTrue\b|\bFalse\b|\w+_\w+|'[a-z_]+'")
ENGLISH = re.compile(r"[A-Za-z]{2,}")


def problems(text: str) -> list[str]:
    """Every fragment of ``text`` a reader would stumble on (empty when plain)."""
    text = ALLOWED_FILES.sub("", ALLOWED.sub("", text))
    return RAW.findall(text) + ENGLISH.findall(text)
