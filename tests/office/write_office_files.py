#!/usr/bin/python3
"""Writes office files of the bundled committee with openpyxl and Python's
csv module (programs that are not dutyscore's), for tests/test_office_input.cpp.

    write_office_files.py SOURCE_DIR OUT_DIR

reads SOURCE_DIR/examples/data/{members,records}.csv and writes to OUT_DIR:
  openpyxl.xlsx   sheets 委员名单 and 履职记录 with a title row over Chinese
                  headers, Chinese values (the standard vocabulary's names,
                  read from src/base/vocabulary.cpp), dates as Excel dates in
                  the 1904 date system, numbers as numbers;
  export.csv      履职记录 as an office system exports it: UTF-8 without a
                  BOM, Chinese headers and values, dates written 2025/1/16,
                  2025.1.16 or 2025年1月16日, ids in full-width digits;
  merged.xlsx     openpyxl.xlsx with cells D17:E17 of 履职记录 merged;
  same_name.xlsx  members with two of one name, records by name only.
"""
import csv
import datetime
import os
import re
import sys

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904


def vocabulary(source_dir):
    """(field, code, kind) -> Chinese name, from the library's own table."""
    text = open(os.path.join(source_dir, "src/base/vocabulary.cpp"), encoding="utf-8").read()
    names = {}
    for field, code, kind, name in re.findall(r'\{F::(\w+), "([^"]*)", "([^"]*)", "([^"]*)"', text):
        names[(field, code, kind)] = name
    return names


def name_of(names, field, code, kind=""):
    if not code:
        return ""
    return names.get((field, code, kind)) or names[(field, code, "")]


def day(text):
    return datetime.date.fromisoformat(text) if text else None


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


MEMBER_HEADERS = ["委员编号", "姓名", "工作单位", "界别", "活动组", "职务", "任职日期", "离任日期"]
RECORD_HEADERS = ["记录编号", "委员编号", "日期", "履职类别", "类型", "出席情况", "提案编号",
                  "提案人排序", "采用级别", "办理结果", "数量"]


def member_cells(names, m):
    roles = "；".join(name_of(names, "Role", r) for r in m["roles"].split(";") if r)
    return [m["member_id"], m["name"], m["unit"], m["sector"], m["group"], roles,
            day(m["joined"]), day(m["left"])]


def number(text):
    if not text:
        return None
    return int(text) if "." not in text else float(text)


def record_cells(names, r):
    flags = "；".join(name_of(names, "Flag", f) for f in r["flags"].split(";") if f)
    return [r["record_id"], r["member_id"], day(r["date"]), name_of(names, "Kind", r["kind"]),
            name_of(names, "Subtype", r["subtype"], r["kind"]), name_of(names, "Status", r["status"]),
            r["ref"], number(r["position"]), name_of(names, "Level", r["level"]), flags,
            number(r["quantity"])]


def add_sheet(book, title, caption, headers, rows):
    sheet = book.create_sheet(title)
    sheet.append([caption])  # a title row over the header, as offices write
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    for column in sheet.iter_cols(min_row=3):
        for cell in column:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy/m/d"
    return sheet


def workbook(names, members, records):
    book = openpyxl.Workbook()
    book.epoch = CALENDAR_MAC_1904
    book.remove(book.active)
    add_sheet(book, "委员名单", "2025年度委员名单", MEMBER_HEADERS,
              [member_cells(names, m) for m in members])
    add_sheet(book, "履职记录", "2025年度委员履职记录", RECORD_HEADERS,
              [record_cells(names, r) for r in records])
    return book


FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def export_date(text, i):
    d = day(text)
    forms = [f"{d.year}/{d.month}/{d.day}", f"{d.year}.{d.month}.{d.day}",
             f"{d.year}年{d.month}月{d.day}日"]
    return forms[i % 3]


def write_export(names, records, path):
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\r\n")
        out.writerow(RECORD_HEADERS)
        for i, r in enumerate(records):
            cells = record_cells(names, r)
            cells[1] = cells[1].translate(FULLWIDTH) if i % 2 else "　" + cells[1] + " "
            cells[2] = export_date(r["date"], i)
            out.writerow(["" if c is None else c for c in cells])


def main():
    source_dir, out_dir = sys.argv[1], sys.argv[2]
    names = vocabulary(source_dir)
    members = read_csv(os.path.join(source_dir, "examples/data/members.csv"))
    records = read_csv(os.path.join(source_dir, "examples/data/records.csv"))
    os.makedirs(out_dir, exist_ok=True)

    workbook(names, members, records).save(os.path.join(out_dir, "openpyxl.xlsx"))
    write_export(names, records, os.path.join(out_dir, "export.csv"))

    merged = workbook(names, members, records[:40])
    merged["履职记录"].merge_cells("D17:E17")
    merged.save(os.path.join(out_dir, "merged.xlsx"))

    # Two members named 王伟, records that name members only.
    twins = [dict(members[0], name="王伟"), dict(members[1], name="王伟"), members[2]]
    book = openpyxl.Workbook()
    book.remove(book.active)
    add_sheet(book, "委员名单", "委员名单", MEMBER_HEADERS, [member_cells(names, m) for m in twins])
    add_sheet(book, "履职记录", "履职记录", ["姓名", "日期", "履职类别", "出席情况"],
              [["王伟", datetime.date(2025, 1, 16), "全体会议", "出席"],
               [twins[2]["name"], datetime.date(2025, 1, 16), "全体会议", "出席"]])
    book.save(os.path.join(out_dir, "same_name.xlsx"))


if __name__ == "__main__":
    main()
