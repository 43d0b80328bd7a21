#!/usr/bin/env python3
"""Scores a committee through the dutyscore C API with ctypes, prints the top
of the ranking and one member's audit.

    python3 example.py [--library PATH/libdutyscore_c.so] RULES.yaml MEMBERS.csv RECORDS.csv YEAR
"""
import ctypes
import ctypes.util
import sys
from decimal import Decimal

DS_OK, DS_NOT_FOUND = 0, 4
PROGRESS = ctypes.CFUNCTYPE(None, ctypes.c_size_t, ctypes.c_size_t, ctypes.c_void_p)


def load_library(path):
    lib = ctypes.CDLL(path or ctypes.util.find_library("dutyscore_c") or "libdutyscore_c.so")
    p, cp, sz = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t
    signatures = {
        "ds_version": (cp, []),
        "ds_last_error": (cp, []),
        "ds_string_free": (None, [p]),
        "ds_ruleset_load_file": (ctypes.c_int, [cp, ctypes.POINTER(p)]),
        "ds_ruleset_free": (None, [p]),
        "ds_data_load_files": (ctypes.c_int, [cp, cp, ctypes.POINTER(p)]),
        "ds_data_free": (None, [p]),
        "ds_evaluate_year": (ctypes.c_int, [p, p, ctypes.c_int, ctypes.c_uint, PROGRESS, p,
                                            ctypes.POINTER(p)]),
        "ds_result_free": (None, [p]),
        "ds_result_member_count": (sz, [p]),
        "ds_result_precision": (ctypes.c_int, [p]),
        "ds_result_order": (sz, [p, sz]),
        "ds_result_member_id": (cp, [p, sz]),
        "ds_result_member_name": (cp, [p, sz]),
        "ds_result_total_text": (cp, [p, sz]),
        "ds_result_total_scaled": (ctypes.c_int64, [p, sz]),
        "ds_result_rank": (ctypes.c_int32, [p, sz]),
        "ds_result_grade": (cp, [p, sz]),
        "ds_explain": (ctypes.c_int, [p, cp, ctypes.c_int, ctypes.POINTER(p)]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype, function.argtypes = restype, argtypes
    return lib


def check(lib, status, what):
    if status != DS_OK:
        sys.exit(f"{what} failed:\n{lib.ds_last_error().decode()}")


def take_string(lib, pointer):
    """Copies a char* the caller owns, then frees it."""
    text = ctypes.string_at(pointer.value).decode("utf-8")
    lib.ds_string_free(pointer)
    return text


def main(argv):
    library = None
    if len(argv) > 1 and argv[0] == "--library":
        library, argv = argv[1], argv[2:]
    if len(argv) != 4:
        sys.exit(__doc__)
    rules_path, members_path, records_path, year = argv
    lib = load_library(library)
    print("dutyscore", lib.ds_version().decode())

    rules, data, result = ctypes.c_void_p(), ctypes.c_void_p(), ctypes.c_void_p()
    check(lib, lib.ds_ruleset_load_file(rules_path.encode(), ctypes.byref(rules)), "loading the rules")
    check(lib, lib.ds_data_load_files(members_path.encode(), records_path.encode(), ctypes.byref(data)),
          "loading the data")
    seen = []
    on_progress = PROGRESS(lambda done, total, _user: seen.append((done, total)))
    check(lib, lib.ds_evaluate_year(rules, data, int(year), 2, on_progress, None, ctypes.byref(result)),
          "evaluating")
    lib.ds_ruleset_free(rules)
    lib.ds_data_free(data)

    count = lib.ds_result_member_count(result)
    precision = lib.ds_result_precision(result)
    print(f"{count} members, precision {precision}")
    failures = []
    for position in range(count):
        m = lib.ds_result_order(result, position)
        text = lib.ds_result_total_text(result, m).decode()
        scaled = lib.ds_result_total_scaled(result, m)
        # The two forms of a total are the same exact decimal.
        if Decimal(text) != Decimal(scaled).scaleb(-precision):
            failures.append(f"total {text} != {scaled} x 10^-{precision}")
        if position < 5:
            print(f"{lib.ds_result_rank(result, m)}. {lib.ds_result_member_id(result, m).decode()} "
                  f"{lib.ds_result_member_name(result, m).decode()} {text} "
                  f"{lib.ds_result_grade(result, m).decode()}")
    if not seen or seen[-1][0] != seen[-1][1]:
        failures.append(f"progress ended at {seen[-1] if seen else 'nothing'}")

    audit = ctypes.c_void_p()
    if lib.ds_explain(result, b"no-such-member", 0, ctypes.byref(audit)) != DS_NOT_FOUND:
        failures.append("an unknown member was not reported as not found")
    if count:
        first = lib.ds_result_member_id(result, lib.ds_result_order(result, 0))
        check(lib, lib.ds_explain(result, first, 0, ctypes.byref(audit)), "explaining")
        print()
        print(take_string(lib, audit))
    lib.ds_result_free(result)

    if failures:
        print("\n".join(failures))
        return 1
    print("checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
