#!/usr/bin/env node
// bench/compare: one run that generates a data set and scores it with
// dutyscore, DuckDB (SQL) and the ZEN rules engine (a decision table per
// record), checks that every member's total agrees, and prints the times.
// How to run it and what the figures mean: README.md beside this file.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { ZenEngine } from '@gorules/zen-engine';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

// ------------------------------------------------------------------ options

function parseOptions(argv) {
  const o = {
    quick: false,
    records: null,
    zenSample: null,
    repeat: null,
    driver: path.join(repo, 'build', 'bench', 'compare', 'dutyscore-compare'),
    work: null,
    year: 2025,
    rules: path.join(here, 'compare.yaml'),
    defaultRules: path.join(repo, 'rules', 'default.yaml'),
    results: null,
    // BM_EvaluateNational itself, for its target (a full run only).
    bench: path.join(repo, 'build', 'bench', 'dutyscore_bench'),
    national: true,
  };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    const whole = (v) => {
      const n = Number(v.replace(/_/g, ''));
      if (!Number.isFinite(n) || n < 1) throw new Error(`${a} needs a positive number, got '${v}'`);
      return Math.round(n);
    };
    if (a === '--quick') o.quick = true;
    else if (a === '--records') o.records = whole(next());
    else if (a === '--per-member') o.perMember = whole(next());
    else if (a === '--zen-sample') o.zenSample = whole(next());
    else if (a === '--repeat') o.repeat = whole(next());
    else if (a === '--driver') o.driver = path.resolve(next());
    else if (a === '--work') o.work = path.resolve(next());
    else if (a === '--year') o.year = whole(next());
    else if (a === '--results') o.results = path.resolve(next());
    else if (a === '--bench') o.bench = path.resolve(next());
    else if (a === '--no-national-bench') o.national = false;
    else if (a === '--help' || a === '-h') {
      console.log('usage: compare.mjs [--quick] [--records N] [--per-member K] [--zen-sample N] [--repeat K]\n' +
        '                   [--driver PATH] [--work DIR] [--results FILE]\n' +
        '                   [--bench PATH] [--no-national-bench]');
      process.exit(0);
    } else throw new Error(`unknown option '${a}'`);
  }
  o.records ??= o.quick ? 1_000_000 : 20_000_000;
  if (o.quick) o.national = false;
  o.zenSample ??= o.quick ? 20_000 : 100_000;
  o.repeat ??= o.quick ? 2 : 3;
  // The in-memory stages last tens of milliseconds, where a shared host's
  // pauses weigh most: both engines' take the best of more repeats (11: a
  // run of 7 once found the second core taken throughout, 37.5 ms on 2
  // threads for the 28.4 the same driver measured alone, again and again).
  o.memRepeat = Math.max(o.repeat, o.quick ? 2 : 11);
  o.work ??= path.join(repo, 'build', 'compare-data',
    String(o.records) + (o.perMember === undefined ? '' : `-per-member-${o.perMember}`));
  // Only a full-size run (2×10^7, or 10^8: the national run) of the
  // generator's usual shape replaces the published figures.
  const published = !o.quick && o.perMember === undefined;
  o.results ??= published && o.records === 20_000_000 ? path.join(here, 'results', 'latest.md')
    : published && o.records === 100_000_000 ? path.join(here, 'results', 'national.md')
      : path.join(o.work, 'latest.md');
  return o;
}

// ------------------------------------------------------------------ driver

function driver(o, args) {
  const out = execFileSync(o.driver, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 26 });
  return out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}

// BM_EvaluateNational (bench/bench_stages.cpp: 10^8 records of 650,000
// members, rules/default.yaml, 2 threads) in its own process: the median
// of three repetitions, or null when the benchmarks were not built.
function nationalBenchmark(o, log) {
  if (!o.national) return null;
  if (!fs.existsSync(o.bench)) {
    log(`no ${path.relative(repo, o.bench)}: BM_EvaluateNational not measured`);
    return null;
  }
  // Its process peaks at 2.9 GB (its batch and the generator's records).
  const needs = 3.5 * 2 ** 30;
  if (os.totalmem() < needs) {
    log(`BM_EvaluateNational not measured: it needs about 3.5 GiB, the machine has ${(os.totalmem() / 2 ** 30).toFixed(1)}`);
    return null;
  }
  log('BM_EvaluateNational (builds 10^8 records in memory, about a minute)');
  let runs = [];
  try {
    const out = execFileSync(o.bench, ['--benchmark_filter=^BM_EvaluateNational/',
      '--benchmark_repetitions=3', '--benchmark_format=json'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
    runs = JSON.parse(out).benchmarks.filter((b) => b.run_type === 'iteration' && !b.error_occurred);
  } catch (e) {
    log(`BM_EvaluateNational not measured: ${e.message.split('\n')[0]}`);
    return null;
  }
  if (runs.length === 0) {
    log('BM_EvaluateNational not measured: the benchmark reported no run');
    return null;
  }
  const ms = runs.map((b) => b.real_time * { ns: 1e-6, us: 1e-3, ms: 1, s: 1e3 }[b.time_unit])
    .sort((a, b) => a - b);
  return { median_ms: ms[Math.floor(ms.length / 2)], runs: ms.length,
    bytes_per_record: runs[0].bytes_per_record };
}

function readTotals(file) {
  const totals = new Map();
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (let i = 1; i < lines.length; ++i) {
    if (!lines[i]) continue;
    const [id, units] = lines[i].split(',');
    totals.set(id, BigInt(units));
  }
  return totals;
}

// ------------------------------------------------------------------ SQL

const sqlString = (s) => `'${String(s).replace(/'/g, "''")}'`;
const sqlList = (names) => names.map(sqlString).join(', ');

// A condition of a rule as a SQL predicate over a records row `r` whose
// flags column is a VARCHAR[] (never NULL).
function sqlCondition(c) {
  const parts = [];
  for (const col of ['kind', 'subtype', 'status', 'level'])
    if (c[col].length) parts.push(`r.${col} IN (${sqlList(c[col])})`);
  for (const f of c.flags) parts.push(`list_contains(r.flags, ${sqlString(f)})`);
  for (const f of c.not_flags) parts.push(`NOT list_contains(r.flags, ${sqlString(f)})`);
  return parts.length ? `(${parts.join(' AND ')})` : 'TRUE';
}

// x / d rounded half away from zero, in integers (docs/rules.md §12).
const sqlRound = (x, d) => `(sign(${x}) * ((2 * abs(${x}) + ${d}) // (2 * ${d})))`;

// The line of one rule for one record, in units of 10^-precision.
function sqlLine(rule) {
  let base = String(rule.points);
  if (rule.points_by) {
    const whens = Object.entries(rule.points_table)
      .map(([k, v]) => `WHEN ${sqlString(k)} THEN ${v}`).join(' ');
    base = `(CASE r.${rule.points_by} ${whens} ELSE 0 END)`;
  }
  let value = base;
  const s = rule.share;
  if (s.mode === 'first_n') {
    value = `(CASE WHEN r.position BETWEEN 1 AND ${s.n} THEN ${base} ELSE 0 END)`;
  } else if (s.mode === 'split') {
    const first = sqlRound(`(${base}) * ${s.num}`, String(s.den));
    const other = sqlRound(`(${base}) * ${s.den - s.num}`, `(${s.den} * (n - 1))`);
    value = `(CASE WHEN n > 1 THEN (CASE WHEN r.position = 1 THEN ${first} ELSE ${other} END) ` +
      `ELSE ${base} END)`;
  }
  const when = rule.when.map(sqlCondition).join(' OR ') || 'FALSE';
  return `(CASE WHEN ${when} THEN ${value} ELSE 0 END)`;
}

// The whole scoring query: every member's total and competition rank.
// `records` is a table or query with the columns of recordsFromCsv; when
// `itemSizes` is false it also has `n`, the participants of the row's joint
// item (computed at load time, as dutyscore's batch holds it), else the
// query counts them itself.
function scoringSql(rs, records, members, year, itemSizes) {
  const cats = rs.categories.map((c, i) => {
    const lines = rs.rules.filter((r) => r.category === c.id).map(sqlLine);
    return `(${lines.length ? lines.join(' + ') : '0'})::BIGINT AS c${i}`;
  });
  const capped = rs.categories.map((c, i) =>
    c.max === null ? `SUM(c${i})` : `LEAST(SUM(c${i}), ${c.max})`);
  const withItems = itemSizes ? `WITH recs AS MATERIALIZED (${records}),
items AS (SELECT kind, ref, count(*) AS n FROM recs WHERE ref IS NOT NULL GROUP BY kind, ref),
sized AS (SELECT r.*, COALESCE(i.n, 1)::BIGINT AS n
          FROM recs r LEFT JOIN items i ON i.kind = r.kind AND i.ref = r.ref),` : 'WITH';
  const source = itemSizes ? 'sized' : `(${records})`;
  return `
${withItems}
lines AS (
  SELECT r.member_id, ${cats.join(',\n    ')}
  FROM ${source} r
  WHERE r.date BETWEEN DATE '${year}-01-01' AND DATE '${year}-12-31'),
per_member AS (
  SELECT member_id, (${capped.join(' + ')})::BIGINT AS total FROM lines GROUP BY member_id)
SELECT m.member_id, COALESCE(p.total, 0)::BIGINT AS total,
       rank() OVER (ORDER BY COALESCE(p.total, 0) DESC) AS rank
FROM (${members}) m LEFT JOIN per_member p USING (member_id)`;
}

const recordColumns = `columns = {'record_id': 'VARCHAR', 'member_id': 'VARCHAR', 'date': 'DATE',
  'kind': 'VARCHAR', 'subtype': 'VARCHAR', 'status': 'VARCHAR', 'ref': 'VARCHAR',
  'position': 'INTEGER', 'level': 'VARCHAR', 'flags': 'VARCHAR', 'quantity': 'DOUBLE'}`;
// The records as the scoring query reads them: flags split into a list.
const recordsFromCsv = (file) => `SELECT member_id, date, kind, subtype, status, ref, position,
  level, CASE WHEN flags IS NULL THEN []::VARCHAR[] ELSE string_split(flags, ';') END AS flags
  FROM read_csv(${sqlString(file)}, header = true, ${recordColumns})`;
const membersFromCsv = (file) => `SELECT member_id FROM read_csv(${sqlString(file)},
  header = true, all_varchar = true)`;

// ---- DuckDB's strongest in-memory formulation (issue 17, item 5)
//
// What a DuckDB expert writes: at load (untimed, like dutyscore's batch)
// each distinct tuple of the record attributes the rules read (kind,
// subtype, status, level, flags, position, participants) gets a small
// integer class code, and member ids an integer. That coding knows nothing
// of the rules. The timed part then evaluates every rule once per class
// (the same sqlLine translation as the generated query, over the ~10^3
// class rows instead of the records: this is DuckDB's rule binding), keeps
// the classes that score anything, and joins the records to that table
// (a perfect hash join on the small dense code) to sum, cap and rank.
// Shares stay exact: the class carries position and participant count, so
// every (record, rule) line is rounded as in the generated query.

// Untimed: `classes` (class code and its attribute tuple) and `coded`
// (member code, date, class code per record, in member order as the CSV),
// from the `records` and `members` tables.
async function loadClassTables(con) {
  await con.run(`CREATE TABLE classes AS
    SELECT row_number() OVER (ORDER BY kind, subtype, status, level, flags, position, n) - 1 AS class, *
    FROM (SELECT DISTINCT kind, subtype, status, level, flags, position, n FROM records)`);
  const count = Number((await con.runAndReadAll('SELECT count(*) FROM classes')).getRowsJS()[0][0]);
  const codeType = count <= 65536 ? 'USMALLINT' : 'UINTEGER';
  await con.run(`CREATE TABLE coded AS
    SELECT m.m, r.date, c.class::${codeType} AS class
    FROM records r JOIN members m USING (member_id)
    JOIN classes c ON c.kind IS NOT DISTINCT FROM r.kind AND c.subtype IS NOT DISTINCT FROM r.subtype
      AND c.status IS NOT DISTINCT FROM r.status AND c.level IS NOT DISTINCT FROM r.level
      AND c.flags = r.flags AND c.position IS NOT DISTINCT FROM r.position AND c.n = r.n
    ORDER BY m.m`);
  return { classes: count, codeType };
}

// The narrowest integer type that holds any record's line sum in one
// category (a share never exceeds the rule's points).
function pointsType(rs) {
  let bound = 0;
  for (const c of rs.categories) {
    let sum = 0;
    for (const r of rs.rules.filter((x) => x.category === c.id))
      sum += Math.max(Math.abs(r.points), ...Object.values(r.points_table).map(Math.abs));
    bound = Math.max(bound, sum);
  }
  return bound < 2 ** 15 ? 'SMALLINT' : bound < 2 ** 31 ? 'INTEGER' : 'BIGINT';
}

// The timed statements: the points table per class, then the ranking.
function classSql(rs, year, codeType) {
  const type = pointsType(rs);
  const cats = rs.categories.map((c, i) => {
    const lines = rs.rules.filter((r) => r.category === c.id).map(sqlLine);
    return `(${lines.length ? lines.join(' + ') : '0'})::${type} AS c${i}`;
  });
  const capped = rs.categories.map((c, i) =>
    c.max === null ? `SUM(p.c${i})` : `LEAST(SUM(p.c${i}), ${c.max})`);
  return `CREATE OR REPLACE TEMP TABLE class_points AS
SELECT * FROM (SELECT r.class::${codeType} AS class, ${cats.join(',\n    ')}
  FROM classes r)
WHERE ${rs.categories.map((c, i) => `c${i} <> 0`).join(' OR ') || 'FALSE'};
CREATE OR REPLACE TEMP TABLE result_class AS
WITH per_member AS (
  SELECT r.m, (${capped.join(' + ')})::BIGINT AS total
  FROM coded r JOIN class_points p USING (class)
  WHERE r.date BETWEEN DATE '${year}-01-01' AND DATE '${year}-12-31'
  GROUP BY r.m)
SELECT m.member_id, COALESCE(p.total, 0)::BIGINT AS total,
       rank() OVER (ORDER BY COALESCE(p.total, 0) DESC) AS rank
FROM members m LEFT JOIN per_member p USING (m)`;
}

async function timeSql(con, sql, repeat) {
  let best = Infinity;
  for (let i = 0; i < repeat; ++i) {
    const t = performance.now();
    await con.run(sql);
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

// Members whose total or rank in `table` differs from dutyscore's (all of
// them are compared, inside DuckDB).
async function sqlMismatches(con, table, totalsFile) {
  const reader = await con.runAndReadAll(`
    SELECT COALESCE(s.member_id, d.member_id) AS member_id, s.total AS sql_total,
           d.total_units AS dutyscore_total, s.rank AS sql_rank, d.rank AS dutyscore_rank
    FROM ${table} s FULL OUTER JOIN read_csv(${sqlString(totalsFile)}, header = true,
      columns = {'member_id': 'VARCHAR', 'total_units': 'BIGINT', 'rank': 'BIGINT'}) d USING (member_id)
    WHERE s.total IS DISTINCT FROM d.total_units OR s.rank IS DISTINCT FROM d.rank
    ORDER BY member_id`);
  const count = await con.runAndReadAll(`SELECT count(*) FROM ${table}`);
  return { rows: reader.getRowsJS(), compared: Number(count.getRowsJS()[0][0]) };
}

// ------------------------------------------------------------------ ZEN

const zenString = (s) => JSON.stringify(String(s));
const zenAny = (names) => names.map(zenString).join(', ');

// The rule set as one decision table (hit policy collect): one row per
// (rule, condition, looked-up value). Its outputs are the record's matching
// rules with their points and share; JS applies the share, rounds, sums
// and caps (docs/rules.md §12 steps 2, 5, 6).
function buildJdm(rs) {
  const inputs = ['kind', 'subtype', 'status', 'level', 'flags']
    .map((f) => ({ id: `in_${f}`, name: f, field: f }));
  const outs = ['rule', 'category', 'points', 'share', 'num', 'den', 'n'];
  const outputs = outs.map((f) => ({ id: `out_${f}`, name: f, field: f }));
  const rows = [];
  for (const r of rs.rules) {
    r.when.forEach((c, ci) => {
      const entries = r.points_by ? Object.entries(r.points_table) : [[null, r.points]];
      for (const [key, points] of entries) {
        const cell = { kind: c.kind, subtype: c.subtype, status: c.status, level: c.level };
        if (r.points_by) {
          const allowed = cell[r.points_by];
          if (allowed.length && !allowed.includes(key)) continue;
          cell[r.points_by] = [key];
        }
        const flagTests = [...c.flags.map((f) => `contains($, ${zenString(f)})`),
          ...c.not_flags.map((f) => `not contains($, ${zenString(f)})`)];
        const row = { _id: `${r.id}:${ci}:${key ?? ''}` };
        for (const f of ['kind', 'subtype', 'status', 'level']) row[`in_${f}`] = zenAny(cell[f]);
        row.in_flags = flagTests.join(' and ');
        Object.assign(row, {
          out_rule: zenString(r.id), out_category: zenString(r.category),
          out_points: String(points), out_share: zenString(r.share.mode),
          out_num: String(r.share.num ?? 1), out_den: String(r.share.den ?? 1),
          out_n: String(r.share.n ?? 0),
        });
        rows.push(row);
      }
    });
  }
  return {
    contentType: 'application/vnd.gorules.decision',
    nodes: [
      { id: 'request', type: 'inputNode', name: 'record', position: { x: 0, y: 0 } },
      { id: 'rules', type: 'decisionTableNode', name: rs.id, position: { x: 300, y: 0 },
        content: { hitPolicy: 'collect', inputs, outputs, rules: rows } },
      { id: 'response', type: 'outputNode', name: 'lines', position: { x: 600, y: 0 } },
    ],
    edges: [
      { id: 'e1', sourceId: 'request', targetId: 'rules', type: 'edge' },
      { id: 'e2', sourceId: 'rules', targetId: 'response', type: 'edge' },
    ],
  };
}

// x / d rounded half away from zero (x, d safe integers, d > 0).
function roundHalfAway(x, d) {
  const q = Math.floor((2 * Math.abs(x) + d) / (2 * d));
  return x < 0 ? -q : q;
}

function zenLine(hit, position, n) {
  if (hit.share === 'first_n') return position >= 1 && position <= hit.n ? hit.points : 0;
  if (hit.share === 'split' && n > 1) {
    return position === 1 ? roundHalfAway(hit.points * hit.num, hit.den)
      : roundHalfAway(hit.points * (hit.den - hit.num), hit.den * (n - 1));
  }
  return hit.points;
}

function readSampleRecords(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const head = lines[0].split(',');
  const col = Object.fromEntries(head.map((h, i) => [h, i]));
  const rows = [];
  for (let i = 1; i < lines.length; ++i) {
    if (!lines[i]) continue;
    const f = lines[i].split(',');  // the generator writes no quoted cells here
    rows.push({
      member: f[col.member_id], date: f[col.date], kind: f[col.kind] || null,
      subtype: f[col.subtype] || null, status: f[col.status] || null, ref: f[col.ref] || null,
      position: f[col.position] ? Number(f[col.position]) : 0, level: f[col.level] || null,
      flags: f[col.flags] ? f[col.flags].split(';') : [],
    });
  }
  return rows;
}

async function runZen(rs, sampleDir, year) {
  const members = fs.readFileSync(path.join(sampleDir, 'members.csv'), 'utf8').split('\n')
    .slice(1).filter(Boolean).map((l) => l.slice(0, l.indexOf(',')));
  const rows = readSampleRecords(path.join(sampleDir, 'records.csv'));
  // Participants of each joint item: rows sharing (kind, ref) in the data
  // set, as dutyscore counts them when it reads the records (untimed, like
  // the other engines' ingest).
  const items = new Map();
  for (const r of rows) if (r.ref) items.set(`${r.kind}\u0000${r.ref}`, (items.get(`${r.kind}\u0000${r.ref}`) ?? 0) + 1);
  for (const r of rows) r.n = r.ref ? items.get(`${r.kind}\u0000${r.ref}`) : 1;

  const engine = new ZenEngine();
  const decision = engine.createDecision(buildJdm(rs));
  const catIndex = new Map(rs.categories.map((c, i) => [c.id, i]));
  const sums = new Map(members.map((m) => [m, new Array(rs.categories.length).fill(0)]));
  const first = `${year}-01-01`, last = `${year}-12-31`;
  let evaluated = 0;
  const t = performance.now();
  for (const r of rows) {
    if (r.date < first || r.date > last) continue;
    ++evaluated;
    const { result } = await decision.evaluate({
      kind: r.kind, subtype: r.subtype, status: r.status, level: r.level, flags: r.flags });
    // A rule with several `when` conditions may hit more than once: one line.
    const seen = new Set();
    const s = sums.get(r.member);
    for (const hit of result) {
      if (seen.has(hit.rule)) continue;
      seen.add(hit.rule);
      s[catIndex.get(hit.category)] += zenLine(hit, r.position, r.n);
    }
  }
  const totals = new Map();
  for (const [m, s] of sums) {
    let total = 0;
    s.forEach((v, i) => { const max = rs.categories[i].max; total += max === null ? v : Math.min(v, max); });
    totals.set(m, BigInt(total));
  }
  return { ms: performance.now() - t, records: rows.length, evaluated, totals,
    tableRows: buildJdm(rs).nodes[1].content.rules.length };
}

function compareMaps(name, got, want) {
  const bad = [];
  for (const [m, v] of want) if (got.get(m) !== v) bad.push([m, got.get(m), v]);
  for (const m of got.keys()) if (!want.has(m)) bad.push([m, got.get(m), undefined]);
  return { name, compared: want.size, bad };
}

// ------------------------------------------------------------------ memory

// What each engine needs at this size, against the memory available now.
// The driver reads records.csv window by window (never whole) and moves
// each window's rows into the batch (about 20 bytes a record): rows listed
// member by member go straight in, the others wait aside in wide columns
// (about 24) until the end. Peak RSS measured at 618 MiB for a 387 MiB
// batch (2×10^7, listed member by member); 45 bytes a record and a
// twentieth of the text (members) covers a file in no order too. DuckDB's tables take about 125 bytes a record with the coded
// table (11,945 MiB at 10^8); beyond its memory limit DuckDB spills to the
// work folder, so only the driver must fit in memory.
function memoryPlan(records, csvBytes) {
  const meminfo = fs.readFileSync('/proc/meminfo', 'utf8');
  const available = Number(/MemAvailable:\s+(\d+) kB/.exec(meminfo)?.[1] ?? 0) * 1024 || os.freemem();
  const driver = 0.05 * csvBytes + 45 * records;
  const duck = 125 * records;
  const gib = (b) => `${(b / 2 ** 30).toFixed(1)} GiB`;
  return {
    fits: driver < available,
    text: `memory: the driver needs about ${gib(driver)} (records.csv, ${gib(csvBytes)}, is read window by ` +
      `window; the parts' columns and the batch), DuckDB's tables about ${gib(duck)}; ${gib(available)} available` +
      (driver < available ? '' : ': the driver cannot fit, the run stops here'),
  };
}

// ------------------------------------------------------------------ report

const fmtMs = (ms) => (ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(1)} ms`);
const fmtRate = (r) => (r >= 1e6 ? `${(r / 1e6).toFixed(1)} M/s` : r >= 1e3 ? `${(r / 1e3).toFixed(1)} k/s` : `${r.toFixed(0)} /s`);
const fmtRatio = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

function table(rows) {
  const head = ['engine', 'stage', 'threads', 'records', 'time', 'records/s', 'vs dutyscore'];
  const body = rows.map((r) => [r.engine, r.stage, String(r.threads), r.records.toLocaleString('en-US'),
    fmtMs(r.ms), fmtRate(r.records / (r.ms / 1000)), r.ratio === null ? '' : `${fmtRatio(r.ratio)}×`]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

// What grows with the members, not the records, beside the batch at the
// CSV stage's peak: the member table and (drivers since 2026-12-02) the
// scores, and whether the peak is within the batch, them and 256 MiB.
function memberNote(csv, limit) {
  if (csv.members_bytes === undefined) return '';
  const mib = (b) => b / 2 ** 20;
  const scores = csv.scores_bytes;
  const held = limit + mib(csv.members_bytes) + mib(scores ?? 0);
  const each = (b) => `${mib(b).toFixed(0)} MiB (${(b / csv.members).toFixed(0)} B a member)`;
  return `of which the member table ${each(csv.members_bytes)}` +
    (scores === undefined ? '' : ` and the scores ${each(scores)}`) +
    `; batch + member table${scores === undefined ? '' : ' + scores'} + 256 MiB: ` +
    `${held.toFixed(0)} MiB, ${csv.peak_rss_mib <= held ? 'within' : 'over'}`;
}

// Every figure of issue 17's table against its target. `status` is 'met',
// 'missed', or 'not measured' (with the command that measures it); a
// figure measured at another size than the target's says so in `note`.
function issueTargets(f) {
  const out = [];
  const add = (figure, value, target, ok, note = '') =>
    out.push({ figure, value, target, status: ok === null ? 'not measured' : ok ? 'met' : 'missed', note });
  const mib = (b) => b / 2 ** 20;
  const atSize = (n) => (Math.abs(f.N - n) / n < 0.05 ? '' : `measured at ${f.N.toLocaleString('en-US')} records`);

  const vsClass = f.duckClassMs / f.ds2.best_ms;
  add('in memory vs DuckDB\'s strongest (points per class), 2 threads',
    `${fmtMs(f.ds2.best_ms)} vs ${fmtMs(f.duckClassMs)} (${fmtRatio(vsClass)}×)`, '≥ 10×', vsClass >= 10,
    `against the generated query: ${fmtRatio(f.duckMemMs / f.ds2.best_ms)}× (no target)`);
  const vsCeil = f.ds2.best_ms / f.ceil2.best_ms;
  add('in memory vs the memory-ceiling pass, 2 threads', `${fmtMs(f.ds2.best_ms)} vs ${fmtMs(f.ceil2.best_ms)} (${fmtRatio(vsCeil)}×)`,
    '≤ 2.5×', vsCeil <= 2.5);
  const mbs = f.csv2.records_csv_bytes / 1e6 / (f.csv2.ms / 1000);
  add('CSV → ranking speed, 2 threads', `${fmtMs(f.csv2.ms)}, ${mbs.toFixed(0)} MB/s of records.csv`,
    '≥ 600 MB/s (aim 1 GB/s)', mbs >= 600, mbs >= 1000 ? 'aim met' : '');
  const vsDuckCsv = f.duckCsvMs / f.csv2.ms;
  add('CSV → ranking vs DuckDB (read_csv + generated query)', `${fmtMs(f.csv2.ms)} vs ${fmtMs(f.duckCsvMs)} (${fmtRatio(vsDuckCsv)}×)`,
    '≥ 4×', vsDuckCsv >= 4);
  const limit = mib(f.csv2.batch_bytes) + 256;
  add('peak memory, CSV → ranking (peak RSS of the process)',
    `${f.csv2.peak_rss_mib} MiB for a ${mib(f.csv2.batch_bytes).toFixed(0)} MiB batch`,
    `≤ batch + 256 MiB (${limit.toFixed(0)} MiB)`, f.csv2.peak_rss_mib <= limit,
    memberNote(f.csv2, limit));
  const defTarget = 200 * f.N / 2e7;
  add('rules/default.yaml, 2×10^7 records, 2 threads', fmtMs(f.def2.best_ms),
    `≤ 200 ms${atSize(2e7) ? ` (${fmtMs(defTarget)} scaled to this run)` : ''}`, f.def2.best_ms <= defTarget, atSize(2e7));
  if (f.bench) {
    add('BM_EvaluateNational: 10^8 records, 2 threads',
      `${fmtMs(f.bench.median_ms)}, ${f.bench.bytes_per_record.toFixed(2)} B a record`,
      '< 1 s (aim 0.6 s)', f.bench.median_ms < 1000,
      `${f.bench.median_ms < 600 ? 'aim met; ' : ''}the benchmark itself (650,000 members), median of ${f.bench.runs} ` +
      `repetitions of \`build/bench/dutyscore_bench --benchmark_filter=National\`` +
      (f.N >= 9e7 ? `; rules/default.yaml on this run's batch of ${f.members.toLocaleString('en-US')} members: ` +
        fmtMs(f.def2.best_ms) : ''));
  } else if (f.N >= 9e7) {
    add('BM_EvaluateNational: 10^8 records, 2 threads', `${fmtMs(f.def2.best_ms)} (rules/default.yaml on this run's batch)`,
      '< 1 s (aim 0.6 s)', f.def2.best_ms < 1000 * f.N / 1e8,
      `${atSize(1e8)}${atSize(1e8) ? '; ' : ''}the run's committee (${(f.N / 1e8).toFixed(2)}×10^8 records), not the benchmark's 650,000 members; ` +
      '`build/bench/dutyscore_bench --benchmark_filter=National` measures the benchmark itself');
  } else {
    add('BM_EvaluateNational: 10^8 records, 2 threads', '—', '< 1 s (aim 0.6 s)', null,
      '`bench/compare/run --records 100000000` or `build/bench/dutyscore_bench --benchmark_filter=National`');
  }
  add('batch bytes a record', `${(f.batchBytes / f.N).toFixed(2)} B`, '≤ 24 B', f.batchBytes / f.N <= 24,
    'BM_EvaluateNational\'s bytes_per_record, on this run\'s batch');
  const growth = f.synth200.best_ms / f.synth20.best_ms;
  add('20 → 200 rules (the benchmarks\' synthetic rule sets), 1 thread',
    `${fmtMs(f.synth20.best_ms)} → ${fmtMs(f.synth200.best_ms)} (${growth.toFixed(2)}×)`, '≤ 1.15×', growth <= 1.15,
    `${atSize(2e7) ? `${atSize(2e7)}; ` : ''}the 180 added rules score records too` +
    (f.synth20.matches_per_record !== undefined
      ? ` (from every 16th member's audit: a record in the period matches ${f.synth20.matches_per_record.toFixed(2)} → ` +
        `${f.synth200.matches_per_record.toFixed(2)} rules, ×${(f.synth200.matches_per_record / f.synth20.matches_per_record).toFixed(2)}; ` +
        `a member's records touch ${f.synth20.rules_per_member.toFixed(1)} → ${f.synth200.rules_per_member.toFixed(1)} rules, ` +
        `×${(f.synth200.rules_per_member / f.synth20.rules_per_member).toFixed(2)}; the added rules' tiers, limits, ` +
        `order and maxima keep a count per member and rule, where the 20 rules' constant points and shares go straight to a category)`
      : '') + '; ' +
    (f.synthUnmatched ? `the rule count alone (the 20 rules and 180 that no record matches): ` +
      `${fmtMs(f.synthUnmatched.best_ms)} (${(f.synthUnmatched.best_ms / f.synth20.best_ms).toFixed(2)}×); ` : '') +
    `BM_EvaluateRules is \`build/bench/dutyscore_bench --benchmark_filter=EvaluateRules\``);
  add('one audit out of 10^8 (rules/default.yaml)', `${f.audit.median_us.toFixed(1)} µs median of ${f.audit.audits} (slowest ${f.audit.max_us.toFixed(1)} µs)`,
    '< 1 ms', f.audit.median_us < 1000,
    atSize(1e8) ? `${atSize(1e8)}; \`build/bench/dutyscore_bench --benchmark_filter=ExplainOneMemberNational\`` : '');
  return out;
}

function targetTable(targets) {
  const head = ['figure', 'this run', 'target', 'result', 'note'];
  const body = targets.map((t) => [t.figure, t.value, t.target, t.status, t.note]);
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(head), `|${head.map(() => '---').join('|')}|`, ...body.map(line)].join('\n');
}

// ------------------------------------------------------------------ main

async function main() {
  const o = parseOptions(process.argv.slice(2));
  if (!fs.existsSync(o.driver)) throw new Error(`no driver at ${o.driver} (run bench/compare/run)`);
  const log = (s) => process.stderr.write(`[compare] ${s}\n`);
  const data = path.join(o.work, 'data');
  const sample = path.join(o.work, 'sample');
  fs.mkdirSync(o.work, { recursive: true });
  const relRules = path.relative(repo, o.rules);

  const loadBefore = os.loadavg()[0];
  const rs = driver(o, ['describe', '--rules', o.rules])[0];
  log(`rule set ${rs.id}: ${rs.rules.length} rules, ${rs.categories.length} categories`);

  log(`generating about ${o.records.toLocaleString('en-US')} records in ${data}`);
  const gen = driver(o, ['gen', '--records', String(o.records), '--out', data, '--year', String(o.year),
    ...(o.perMember === undefined ? [] : ['--per-member', String(o.perMember)])])[0];
  log(`generated ${gen.records} records, ${gen.members} members (${(gen.records / gen.members).toFixed(1)} a member) in ${fmtMs(gen.ms)}`);
  // The files just written are flushed before anything is timed: the
  // kernel writing back gigabytes of them competed with the first timed
  // stages (the national run's in-memory stage took 282 ms with 2 threads
  // right after generating, 162 ms on its own).
  execFileSync('sync');
  const N = gen.records;

  // ---- memory: the engines run one after the other; each must fit alone.
  const plan = memoryPlan(N, fs.statSync(path.join(data, 'records.csv')).size);
  log(plan.text);
  if (!plan.fits) throw new Error(plan.text);

  // ---- dutyscore: in-memory batch (both rule sets, 2 and 1 threads) and the ceiling.
  log('dutyscore: evaluating the in-memory batch');
  const dsTotals = path.join(o.work, 'dutyscore_totals.csv');
  const mem = driver(o, ['eval-memory', '--rules', o.rules, '--rules', o.defaultRules, '--data', data,
    '--threads', '2,1', '--repeat', String(o.memRepeat), '--ceiling', '--totals', dsTotals,
    '--audit', '200', '--synthetic', '20,200,u200', '--year', String(o.year)]);
  const load = mem.find((j) => j.mode === 'load');
  const evalOf = (rules, t) => mem.find((j) => j.mode === 'eval-memory' && j.rules === rules && j.threads === t);
  const ceil = (t) => mem.find((j) => j.mode === 'ceiling' && j.threads === t);
  const ds2 = evalOf(o.rules, 2), ds1 = evalOf(o.rules, 1);
  // Whether the run had its two cores: the ceiling pass, which does no work
  // but reading, is ~1.9x quicker on 2 threads on an idle 2-core machine.
  // On a shared host (a VM whose second core the host takes) it may not
  // be, and then every 2-thread figure of the run is too slow. Judged only
  // where the pass is long enough (5 ms) for starting a thread not to count.
  const coreScaling = ceil(1).best_ms / ceil(2).best_ms;
  const coreJudged = ceil(1).best_ms >= 5;
  const twoCores = !coreJudged || coreScaling >= 1.4;
  if (!twoCores) {
    log(`warning: the ceiling pass took ${fmtMs(ceil(1).best_ms)} on 1 thread and ` +
        `${fmtMs(ceil(2).best_ms)} on 2 (${fmtRatio(coreScaling)}x): the second core was not free ` +
        'while it measured; the 2-thread figures of this run are too slow');
  }
  const def2 = evalOf(o.defaultRules, 2), def1 = evalOf(o.defaultRules, 1);
  const audit = mem.find((j) => j.mode === 'audit' && j.rules === o.defaultRules);
  const synth = (k, unmatched = false) =>
    mem.find((j) => j.mode === 'synthetic' && j.rules === k && Boolean(j.unmatched) === unmatched);

  log('dutyscore: CSV to ranking');
  const csvRuns = [2, 1].map((t) => {
    const runs = [];
    for (let i = 0; i < Math.min(o.repeat, 2); ++i)
      runs.push(driver(o, ['csv-to-ranking', '--rules', o.rules, '--data', data, '--threads', String(t),
        '--year', String(o.year)])[0]);
    const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
    // Each run is a process of its own: its peak is the CSV stage's.
    return { ...best, peak_rss_mib: Math.max(...runs.map((r) => r.peak_rss_mib)) };
  });

  // ---- DuckDB
  log('DuckDB: loading the CSV into tables (untimed)');
  // Spills (joins, sorts and tables beyond the memory limit) go to the work
  // folder's disk, and the limit leaves room for Node and the OS: at 10^8
  // records the tables alone take about 11 GB.
  const duckMemoryLimit = `${Math.floor((os.totalmem() * 0.75) / 2 ** 30)}GiB`;
  const instance = await DuckDBInstance.create(':memory:', { threads: '2',
    memory_limit: duckMemoryLimit, temp_directory: path.join(o.work, 'duckdb.tmp') });
  const con = await instance.connect();
  await con.run('SET threads = 2');
  await con.run("SET preserve_insertion_order = false");
  const recordsCsv = path.join(data, 'records.csv'), membersCsv = path.join(data, 'members.csv');
  let t = performance.now();
  // As dutyscore's batch does at ingest: flags as a list, and each row's
  // participant count (the items counted in a second read of the file, so
  // the records are not held twice while the table is built).
  await con.run(`CREATE TABLE records AS
    SELECT r.*, COALESCE(i.n, 1)::BIGINT AS n FROM (${recordsFromCsv(recordsCsv)}) r
    LEFT JOIN (SELECT kind, ref, count(*) AS n FROM (${recordsFromCsv(recordsCsv)})
               WHERE ref IS NOT NULL GROUP BY kind, ref) i ON i.kind = r.kind AND i.ref = r.ref`);
  // Members with an integer code, as dutyscore's member index.
  await con.run(`CREATE TABLE members AS
    SELECT member_id, (row_number() OVER () - 1)::UINTEGER AS m FROM (${membersFromCsv(membersCsv)})`);
  const duckLoadMs = performance.now() - t;
  t = performance.now();
  const coding = await loadClassTables(con);
  const duckCodeMs = performance.now() - t;
  const duckBytes = Number((await con.runAndReadAll(
    'SELECT sum(memory_usage_bytes) FROM duckdb_memory()')).getRowsJS()[0][0] ?? 0);
  const classSqlText = classSql(rs, o.year, coding.codeType);
  const memSql = scoringSql(rs, 'SELECT * FROM records', 'SELECT member_id FROM members', o.year, false);
  // What the other engines are given, for reading (not used again).
  fs.writeFileSync(path.join(o.work, 'scoring-class.sql'), `${classSqlText};\n`);
  fs.writeFileSync(path.join(o.work, 'scoring.sql'), `${memSql};\n`);
  fs.writeFileSync(path.join(o.work, 'decision.json'), `${JSON.stringify(buildJdm(rs), null, 1)}\n`);
  // Member codes are dense: let DuckDB aggregate into an array indexed by
  // the code (a perfect hash aggregate; its default stops at 2^12 groups),
  // about 7% faster at 2×10^7 records.
  await con.run(`SET perfect_ht_threshold = ${Math.max(12, Math.ceil(Math.log2(gen.members + 1)))}`);
  log(`DuckDB: scoring the in-memory tables, points per record class (${coding.classes} classes)`);
  const duckClassMs = await timeSql(con, classSqlText, o.memRepeat);
  const duckClassCheck = await sqlMismatches(con, 'result_class', dsTotals);
  const classRows = Number((await con.runAndReadAll('SELECT count(*) FROM class_points')).getRowsJS()[0][0]);
  await con.run('DROP TABLE result_class');
  await con.run('DROP TABLE coded');
  log('DuckDB: scoring the in-memory tables, the generated query');
  const duckMemMs = await timeSql(con, `CREATE OR REPLACE TEMP TABLE result_mem AS ${memSql}`, o.repeat);
  const duckMemCheck = await sqlMismatches(con, 'result_mem', dsTotals);
  await con.run('DROP TABLE records');
  await con.run('DROP TABLE result_mem');
  log('DuckDB: CSV to ranking');
  const csvSql = scoringSql(rs, recordsFromCsv(recordsCsv), membersFromCsv(membersCsv), o.year, true);
  const duckCsvMs = await timeSql(con, `CREATE OR REPLACE TEMP TABLE result_csv AS ${csvSql}`, Math.min(o.repeat, 2));
  const duckCsvCheck = await sqlMismatches(con, 'result_csv', dsTotals);
  con.closeSync();
  instance.closeSync();

  // ---- ZEN on a sample, and dutyscore on the same sample.
  log(`ZEN: a sample of about ${o.zenSample.toLocaleString('en-US')} records`);
  const smp = driver(o, ['sample', '--data', data, '--records', String(o.zenSample), '--out', sample])[0];
  const smpTotals = path.join(o.work, 'dutyscore_sample_totals.csv');
  const smpEval = driver(o, ['eval-memory', '--rules', o.rules, '--data', sample, '--threads', '1',
    '--repeat', String(Math.max(o.repeat, 5)), '--totals', smpTotals, '--year', String(o.year)])
    .find((j) => j.mode === 'eval-memory');
  const zen = await runZen(rs, sample, o.year);
  const zenCheck = compareMaps('ZEN vs dutyscore (sample)', zen.totals, readTotals(smpTotals));

  // ---- agreement
  const checks = [
    { name: 'DuckDB in-memory, points per class vs dutyscore', compared: duckClassCheck.compared, bad: duckClassCheck.rows },
    { name: 'DuckDB in-memory, generated query vs dutyscore', compared: duckMemCheck.compared, bad: duckMemCheck.rows },
    { name: 'DuckDB from CSV vs dutyscore', compared: duckCsvCheck.compared, bad: duckCsvCheck.rows },
    zenCheck,
  ];

  // ---- report
  const bench = nationalBenchmark(o, log);
  const rows = [
    { engine: 'dutyscore', stage: 'in-memory batch', threads: 2, records: N, ms: ds2.best_ms, ratio: 1 },
    { engine: 'dutyscore', stage: 'in-memory batch', threads: 1, records: N, ms: ds1.best_ms, ratio: ds1.best_ms / ds2.best_ms },
    { engine: 'DuckDB', stage: 'in-memory, points per class', threads: 2, records: N, ms: duckClassMs, ratio: duckClassMs / ds2.best_ms },
    { engine: 'DuckDB', stage: 'in-memory, generated query (reference)', threads: 2, records: N, ms: duckMemMs, ratio: duckMemMs / ds2.best_ms },
    { engine: 'ceiling', stage: 'read the columns', threads: 2, records: N, ms: ceil(2).best_ms, ratio: ceil(2).best_ms / ds2.best_ms },
    { engine: 'ceiling', stage: 'read the columns', threads: 1, records: N, ms: ceil(1).best_ms, ratio: ceil(1).best_ms / ds2.best_ms },
    { engine: 'dutyscore', stage: 'CSV to ranking', threads: 2, records: N, ms: csvRuns[0].ms, ratio: 1 },
    { engine: 'dutyscore', stage: 'CSV to ranking', threads: 1, records: N, ms: csvRuns[1].ms, ratio: csvRuns[1].ms / csvRuns[0].ms },
    { engine: 'DuckDB', stage: 'CSV to ranking, generated query', threads: 2, records: N, ms: duckCsvMs, ratio: duckCsvMs / csvRuns[0].ms },
    { engine: 'dutyscore', stage: 'sample, in memory', threads: 1, records: smp.records, ms: smpEval.best_ms, ratio: 1 },
    { engine: 'ZEN', stage: 'sample, per record', threads: 1, records: smp.records, ms: zen.ms, ratio: zen.ms / smpEval.best_ms },
    { engine: 'dutyscore', stage: 'rules/default.yaml', threads: 2, records: N, ms: def2.best_ms, ratio: null },
    { engine: 'dutyscore', stage: 'rules/default.yaml', threads: 1, records: N, ms: def1.best_ms, ratio: null },
    { engine: 'dutyscore', stage: 'synthetic, 20 rules', threads: 1, records: N, ms: synth(20).best_ms, ratio: null },
    { engine: 'dutyscore', stage: 'synthetic, 200 rules', threads: 1, records: N, ms: synth(200).best_ms, ratio: null },
    { engine: 'dutyscore', stage: 'synthetic, 20 rules + 180 unmatched', threads: 1, records: N, ms: synth(200, true).best_ms, ratio: null },
  ];
  const zenPerRecord = (zen.ms / smp.records) / (ds2.best_ms / N);
  const targets = issueTargets({ N, ds2, ceil2: ceil(2), duckClassMs, duckMemMs, csv2: csvRuns[0],
    batchBytes: load.batch_bytes,
    duckCsvMs, def2, audit, synth20: synth(20), synth200: synth(200), synthUnmatched: synth(200, true), bench, members: gen.members });
  const agreement = checks.map((c) => `- ${c.name}: ${c.compared.toLocaleString('en-US')} members compared, ` +
    (c.bad.length ? `**${c.bad.length} differ**` : 'all equal'));
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const national = N >= 90_000_000;
  const md = [
    `# bench/compare — ${national ? 'national run' : 'latest figures'}`,
    '',
    `Run ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} on ${os.cpus().length} cores (${cpu}), ` +
      `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ` +
      `load average ${loadBefore.toFixed(1)} at the start and ${os.loadavg()[0].toFixed(1)} at the end ` +
      `(other work on the machine slows every engine); ` +
      (!coreJudged ? ''
                   : `the memory-ceiling pass ran ${fmtRatio(coreScaling)}× as fast on 2 threads as on 1` +
                     (twoCores ? ' (two cores free); '
                               : ` (**below 1.4×: the second core was not free while it measured, and ` +
                                 'this run\'s 2-thread figures are too slow**); ')) +
      `\`bench/compare/run${o.quick ? ' --quick' : ''}${o.records !== (o.quick ? 1_000_000 : 20_000_000) ? ` --records ${o.records}` : ''}` +
      `${o.perMember === undefined ? '' : ` --per-member ${o.perMember}`}\`.`,
    '',
    `Data: ${N.toLocaleString('en-US')} records of ${gen.members.toLocaleString('en-US')} members ` +
      `(${(N / gen.members).toFixed(1)} a member; records.csv ${(csvRuns[0].records_csv_bytes / 1e9).toFixed(2)} GB), rule set \`${relRules}\` (${rs.rules.length} rules, ` +
      `${rs.categories.length} categories, ${rs.categories.filter((c) => c.max !== null).length} with a maximum; ` +
      `${coding.classes.toLocaleString('en-US')} record classes in the data, ${classRows.toLocaleString('en-US')} of them score; ` +
      `${zen.tableRows} decision-table rows for ZEN). ` +
      `ZEN sample: the ${smp.members.toLocaleString('en-US')} first members with all their ${smp.records.toLocaleString('en-US')} records.`,
    '',
    'Times are the best of the repeats; "vs dutyscore" is the engine\'s time over dutyscore\'s ' +
      '(2 threads) for the same stage and records.',
    '',
    table(rows),
    '',
    `Per record, ZEN takes ${fmtRatio(zenPerRecord)}× the time dutyscore (2 threads) takes on the full batch.`,
    '',
    'Targets (issue 17):',
    '',
    targetTable(targets),
    '',
    'Agreement (every member\'s total and rank, exact; ZEN: totals):',
    '',
    ...agreement,
    '',
    `Other figures: dutyscore maps members.csv in ${fmtMs(load.read_ms)} and reads both files (records.csv ` +
      `window by window) into the table and the batch in ${fmtMs(load.parse_ms)} (batch ` +
      `${(load.batch_bytes / 2 ** 20).toFixed(0)} MiB); ` +
      `of its in-memory time, binding the rules takes ${fmtMs(ds2.bind_ms)} and scoring ${fmtMs(ds2.score_ms)}; ` +
      `each repeat scores into the last one's result (Evaluation::score_into), the first into fresh memory: ` +
      `${fmtMs(ds2.first_ms)} on 2 threads and ${fmtMs(ds1.first_ms)} on 1; ` +
      `DuckDB loads the CSV into tables in ${fmtMs(duckLoadMs)} and codes the record classes in ` +
      `${fmtMs(duckCodeMs)} (both untimed in the comparison), then holds ${(duckBytes / 2 ** 20).toFixed(0)} MiB ` +
      `(memory limit ${duckMemoryLimit}). Peak memory of the dutyscore driver: ` +
      `${load.peak_rss_mib} MiB after reading the CSV (records.csv is never held whole), ` +
      `${csvRuns[0].peak_rss_mib} MiB from CSV to ranking; of Node with DuckDB (and ZEN's sample): ` +
      `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB.`,
    '',
  ].join('\n');
  fs.mkdirSync(path.dirname(o.results), { recursive: true });
  fs.writeFileSync(o.results, md);
  // A full run (or a national one) with the default report also refreshes
  // the README's copy.
  const marker = { 'latest.md': 'latest', 'national.md': 'national' }[path.basename(o.results)];
  if (path.dirname(o.results) === path.join(here, 'results') && marker) {
    const readme = path.join(here, 'README.md');
    const text = fs.readFileSync(readme, 'utf8');
    const begin = `<!-- ${marker}:begin -->`, end = `<!-- ${marker}:end -->`;
    const a = text.indexOf(begin), b = text.indexOf(end);
    if (a >= 0 && b > a) {
      const body = md.split('\n').slice(2).join('\n').trim();
      fs.writeFileSync(readme, `${text.slice(0, a + begin.length)}\n${body}\n${text.slice(b)}`);
    }
  }
  console.log(md);
  console.log(JSON.stringify({ mode: 'summary', records: N, members: gen.members,
    dutyscore_ms: ds2.best_ms, duckdb_class_ms: duckClassMs, duckdb_ms: duckMemMs, ceiling_ms: ceil(2).best_ms,
    csv_dutyscore_ms: csvRuns[0].ms, csv_duckdb_ms: duckCsvMs, zen_ms: zen.ms,
    zen_sample_records: smp.records, agree: checks.every((c) => c.bad.length === 0),
    targets: targets.map((t) => ({ figure: t.figure, status: t.status })) }));

  let failed = false;
  for (const c of checks) {
    if (!c.bad.length) continue;
    failed = true;
    console.error(`MISMATCH ${c.name}: ${c.bad.length} members differ; first ones (member, engine, dutyscore):`);
    for (const b of c.bad.slice(0, 10)) console.error(`  ${b.map(String).join(', ')}`);
  }
  if (failed) process.exit(1);
  log(`results written to ${path.relative(process.cwd(), o.results)}`);
}

main().catch((e) => {
  console.error(`compare.mjs: ${e.stack ?? e}`);
  process.exit(2);
});
