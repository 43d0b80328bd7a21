#!/usr/bin/env python3
"""Writes the hostile archives of tests/bad_inputs/ (archive_*.dsa) from the
archives in this folder, as someone who edits an archive would: each change,
then the header's size and checksum made right again (so that the reader's
field checks, not the checksum, must catch it). Run from the repository:
    python3 tests/archives/make_bad_archives.py
small.dsa: `dutyscore score --archive` of rules/guangshui-2017.yaml,
tests/bad_inputs/members.csv and records_outside_service.csv for 2024;
signed.dsa: the same with rules/default.yaml, signed with office.key (a key
for these tests only); v1_default_2024.dsa: a format 1 archive."""
import hashlib
import struct
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE.parent / "bad_inputs"
MAGIC = b"DUTYSCORE-ARCH\r\n"


def split(data):
    version, size = struct.unpack_from("<IQ", data, 16)
    return version, data[60:60 + size], data[60 + size:]


def join(payload, version=2, trailer=b""):
    return MAGIC + struct.pack("<IQ", version, len(payload)) + hashlib.sha256(payload).digest() + payload + trailer


class Payload:
    """Format 2 content, field by field."""

    def __init__(self, data):
        self.data, self.at = data, 0
        self.version = self.u(4)
        self.strings = [self.s() for _ in range(7)]  # engine, rules, 5 digests
        self.first, self.last = struct.unpack_from("<ii", data, self.at)
        self.at += 8
        self.precision = self.u(1)
        self.categories = [self.s() for _ in range(self.u(4))]
        self.members = []
        for _ in range(self.u(4)):
            mid = self.s()
            subs = [struct.unpack_from("<q", data, self.at + 8 * i)[0] for i in range(self.u(4))]
            self.at += 8 * len(subs)
            total = struct.unpack_from("<q", data, self.at)[0]
            self.at += 8
            grade = self.s()
            rank = struct.unpack_from("<i", data, self.at)[0]
            self.at += 4
            flags = self.u(1)
            self.members.append([mid, subs, total, grade, rank, flags])

    def u(self, n):
        v = int.from_bytes(self.data[self.at:self.at + n], "little")
        self.at += n
        return v

    def s(self):
        n = self.u(4)
        v = self.data[self.at:self.at + n]
        self.at += n
        return v

    def bytes(self):
        def s(b):
            return struct.pack("<I", len(b)) + b
        out = struct.pack("<I", self.version) + b"".join(s(x) for x in self.strings)
        out += struct.pack("<iiB", self.first, self.last, self.precision)
        out += struct.pack("<I", len(self.categories)) + b"".join(s(c) for c in self.categories)
        out += struct.pack("<I", len(self.members))
        for mid, subs, total, grade, rank, flags in self.members:
            out += s(mid) + struct.pack("<I", len(subs)) + b"".join(struct.pack("<q", x) for x in subs)
            out += struct.pack("<q", total) + s(grade) + struct.pack("<iB", rank, flags)
        return out


def edited(change):
    _, payload, _ = split((HERE / "small.dsa").read_bytes())
    p = Payload(payload)
    change(p)
    return join(p.bytes())


def write(name, data):
    (OUT / name).write_bytes(data)


def main():
    small = (HERE / "small.dsa").read_bytes()
    _, payload, _ = split(small)

    def field(name, value):
        return lambda p: setattr(p, name, value)

    write("archive_precision_64.dsa", edited(field("precision", 64)))
    write("archive_precision_19.dsa", edited(field("precision", 19)))
    write("archive_period_out_of_range.dsa", edited(field("last", 3000000)))
    write("archive_period_reversed.dsa", edited(lambda p: (setattr(p, "first", p.last + 1))))

    def rename_category(p):
        p.categories[0] = b"meetings"
    write("archive_categories_disagree.dsa", edited(rename_category))

    def total(p):
        p.members[0][2] += 1
    write("archive_total_not_sum.dsa", edited(total))

    def grade(p):
        p.members[0][3] = "满分".encode()
    write("archive_unknown_grade.dsa", edited(grade))

    def twice(p):
        p.members[1][0] = p.members[0][0]
    write("archive_member_twice.dsa", edited(twice))

    def rank(p):
        p.members[0][4] = 99
    write("archive_rank_out_of_range.dsa", edited(rank))

    def flags(p):
        p.members[0][5] = 0x80
    write("archive_unknown_flags.dsa", edited(flags))

    def subtotals(p):
        p.members[0][1] = p.members[0][1][:-1]
    write("archive_subtotal_count.dsa", edited(subtotals))

    def digest(p):
        p.strings[2] = b"0" * 64
    write("archive_rules_digest_mismatch.dsa", edited(digest))

    def bad_rules(p):
        p.strings[1] = b"id: x\ncategories: []\n"
        p.strings[2] = hashlib.sha256(p.strings[1]).hexdigest().encode()
    write("archive_rules_do_not_load.dsa", edited(bad_rules))

    def short_digest(p):
        p.strings[3] = b"abc"
    write("archive_digest_not_hex.dsa", edited(short_digest))

    # 10^8 members claimed by a 570-byte file.
    p = Payload(payload)
    p.members = p.members[:1]
    raw = p.bytes()
    count_at = raw.index(struct.pack("<I", len(p.members[0][0])) + p.members[0][0]) - 4
    raw = raw[:count_at] + struct.pack("<I", 100_000_000) + raw[count_at + 4:]
    write("archive_1e8_members.dsa", join(raw))
    # A 4 GB string: the engine version's length.
    write("archive_4gb_string.dsa", join(payload[:4] + struct.pack("<I", 0xFFFFFFFF) + payload[8:]))
    write("archive_trailing_content.dsa", join(payload + b"\0\0\0\0"))
    write("archive_truncated.dsa", small[:len(small) - 100])
    write("archive_not_an_archive.dsa", b"member_id,name\nM1,A\n")
    write("archive_future_version.dsa", join(payload, version=3))
    changed = bytearray(small)
    changed[200] ^= 0x20
    write("archive_checksum_mismatch.dsa", bytes(changed))

    signed = (HERE / "signed.dsa").read_bytes()
    flipped = bytearray(signed)
    flipped[-1] ^= 1
    write("archive_bad_signature.dsa", bytes(flipped))
    # The signed archive's content edited and its checksum recomputed: the
    # signature still fails.
    version, spayload, trailer = split(signed)
    sp = Payload(spayload)
    sp.members[0][2] += 100
    sp.members[0][1][0] += 100
    write("archive_edited_after_signing.dsa", join(sp.bytes(), trailer=trailer))
    write("archive_signature_cut.dsa", signed[:len(signed) - 10])

    # Format 1: a count of 10^8 categories, and a 4 GB rule set.
    v1 = (HERE / "v1_default_2024.dsa").read_bytes()
    _, v1payload, _ = split(v1)
    text = v1payload.decode("utf-8")
    cut = text.index(" 0 0 7 0 10 attendance")
    write("archive_v1_huge_count.dsa", join((text[:cut] + " 0 0 100000000 0 10 attendance" +
                                             text[cut + len(" 0 0 7 0 10 attendance"):]).encode(), version=1))
    head = "22 serialization::archive 18 0 0 1 5 0.1.0 "
    assert text.startswith(head)
    write("archive_v1_huge_string.dsa", join((head + "4294967296 " + text[len(head):]).encode(), version=1))


if __name__ == "__main__":
    main()
