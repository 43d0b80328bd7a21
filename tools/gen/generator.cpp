#include "generator.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <ostream>
#include <stdexcept>
#include <string>

#include "dutyscore/csv.h"

namespace dutyscore::gen {
namespace {

// ---------------------------------------------------------------- randomness

std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// splitmix64: tiny, fast, and the same on every platform. Each member gets
// its own stream, so one member's draws never shift another's.
class Rng {
 public:
  Rng(std::uint64_t seed, std::uint64_t stream, std::uint64_t index)
      : state_(mix(mix(seed ^ mix(stream)) + index)) {}
  std::uint64_t next() {
    state_ += 0x9E3779B97F4A7C15ull;
    return mix(state_);
  }
  // Uniform in [0, n) (multiply-shift; the bias is below 2^-32).
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>(((next() >> 32) * n) >> 32);
  }
  std::int32_t between(std::int32_t lo, std::int32_t hi) {  // inclusive
    return lo + static_cast<std::int32_t>(below(static_cast<std::uint32_t>(hi - lo + 1)));
  }
  bool permille(std::uint32_t p) { return below(1000) < p; }
  // Index into `weights` (any positive integers), weighted.
  template <std::size_t N>
  std::size_t pick(const std::uint32_t (&weights)[N]) {
    std::uint32_t total = 0;
    for (const auto w : weights) total += w;
    std::uint32_t r = below(total);
    for (std::size_t i = 0; i < N; ++i) {
      if (r < weights[i]) return i;
      r -= weights[i];
    }
    return N - 1;
  }

 private:
  std::uint64_t state_;
};

// A mean in thousandths, drawn as floor(mean + u): the right average with
// little noise, and integers only.
std::uint32_t draw_count(Rng& rng, std::uint64_t mean_milli) {
  return static_cast<std::uint32_t>((mean_milli + rng.below(1000)) / 1000);
}

// `prefix` then `value` in decimal, zero-padded to `width` digits (wider
// when needed). Hand-rolled: it runs twice per record.
void format_id(std::string& out, std::string_view prefix, std::uint64_t value, int width) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  out.assign(prefix.data(), prefix.size());
  for (int i = n; i < width; ++i) out += '0';
  while (n > 0) out += digits[--n];
}

// ---------------------------------------------------------------- calendar

// The generator's dates are plain arithmetic on valid dates.
Day civil_day(int y, int m, int d) { return days_from_civil(y, m, d); }

// ---------------------------------------------------------------- vocabulary

const char* const kSurnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马",
    "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许",
    "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋",
    "蔡", "余", "杜", "叶", "程", "魏", "苏", "吕", "丁", "任", "沈"};
const char* const kGiven[] = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰",
    "娟", "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "华", "玲", "红", "建",
    "国", "志", "文", "海", "斌", "宇", "浩", "凯", "鹏", "辉", "晓", "云", "峰",
    "琳", "慧", "婷", "雪", "春", "林", "新", "东", "立", "成", "荣", "波", "庆",
    "英", "梅", "兰", "亮", "飞", "德", "俊", "健"};
const char* const kCounties[] = {"青山县", "临江县", "东河县", "平阳县",
                                 "安远县", "石泉县", "永丰县", "清河县"};
const char* const kGroups[] = {"第一活动组", "第二活动组", "第三活动组", "第四活动组",
                               "第五活动组", "第六活动组", "第七活动组", "第八活动组"};

struct Sector {
  const char* name;
  std::uint32_t weight;
  std::vector<const char*> units;  // suffixes after the county name
};

const std::vector<Sector>& sectors() {
  static const std::vector<Sector> list = {
      {"中共界", 8, {"委办公室", "委组织部", "委宣传部", "纪委监委", "委政法委", "人民政府办公室"}},
      {"教育界", 12, {"第一中学", "第二中学", "实验小学", "职业技术学校", "教育局", "城关幼儿园"}},
      {"经济界", 20, {"宏达机械有限公司", "丰源食品有限公司", "恒信建设集团有限公司",
                      "农村商业银行", "鑫源纺织有限公司", "华泰物流有限公司", "发展和改革局"}},
      {"医药卫生界", 10, {"人民医院", "中医院", "妇幼保健院", "疾病预防控制中心", "城关镇卫生院"}},
      {"农业界", 10, {"农业农村局", "绿源农业专业合作社", "茶叶产业协会", "林业局", "畜牧兽医站"}},
      {"科技界", 6, {"科学技术局", "科学技术协会", "农业科学研究所", "智联信息技术有限公司"}},
      {"文化艺术界", 7, {"文化馆", "融媒体中心", "图书馆", "文学艺术界联合会", "书法家协会"}},
      {"社会福利界", 6, {"民政局", "残疾人联合会", "社会福利院", "慈善总会"}},
      {"民族宗教界", 4, {"民族宗教事务局", "佛教协会", "伊斯兰教协会"}},
      {"无党派人士", 5, {"正义律师事务所", "诚信会计师事务所", "第三中学", "人民医院"}},
      {"工商联界", 6, {"工商业联合会", "青年企业家商会", "万家福商贸有限公司"}},
      {"特邀界", 6, {"退役军人事务局", "总工会", "妇女联合会", "共青团委员会"}},
  };
  return list;
}

// ---------------------------------------------------------------- members

enum class Profile : std::uint8_t { Weak, Normal, Active };

// What record generation needs to know about every member (small: the
// generator keeps one per member, never one per record).
struct MemberFacts {
  Day first = 0;  // first day of service within the year
  Day last = 0;   // last day of service within the year
  Day joined = 0;
  std::uint16_t activity = 1000;  // permille of the average member's output
  Profile profile = Profile::Normal;
  bool standing = false;
  bool violation = false;
  std::uint8_t group = 0;
};

class Generator {
 public:
  Generator(const Options& o, const MemberCallback& on_member, const RecordCallback& on_record)
      : opt_(o),
        on_member_(on_member),
        on_record_(on_record),
        year_first_(civil_day(o.year, 1, 1)),
        year_last_(civil_day(o.year, 12, 31)) {
    Rng rng(o.seed, 0, 0);
    county_ = kCounties[rng.below(8)];
    plenary_day_ = civil_day(o.year, 1, rng.between(8, 17));
    for (int q = 0; q < 4; ++q) standing_days_[q] = civil_day(o.year, 3 + 3 * q, rng.between(8, 22));
    id_width_ = 3;
    for (std::uint32_t n = o.members; n >= 1000; n /= 10) ++id_width_;
    // The average output in thousandths of a record per kind is tuned for
    // 50 records a member; other averages scale every discretionary kind.
    scale_ = o.records_per_member;
    // The committee's calendar: every serving member is called to the same
    // consultations and general meetings, and to their group's discussions.
    consultation_days_ = meeting_days(rng, 3000);
    other_days_ = meeting_days(rng, 2000);
    for (auto& days : group_days_) days = meeting_days(rng, 4000);
  }

  std::vector<Day> meeting_days(Rng& rng, std::uint32_t milli_at_50) {
    std::vector<Day> days(draw_count(rng, static_cast<std::uint64_t>(milli_at_50) * scale_ / 50));
    const auto span = static_cast<std::uint32_t>(year_last_ - year_first_ + 1);
    for (auto& day : days) day = year_first_ + static_cast<Day>(rng.below(span));
    std::sort(days.begin(), days.end());
    return days;
  }

  void run() {
    facts_.resize(opt_.members);
    for (MemberIndex m = 0; m < opt_.members; ++m) make_member(m);
    for (MemberIndex m = 0; m < opt_.members; ++m) make_records(m);
    make_collective_proposals();
  }

 private:
  // ------------------------------------------------------------ members

  void make_member(MemberIndex m) {
    Rng rng(opt_.seed, 1, m);
    MemberFacts& f = facts_[m];
    name_ = kSurnames[rng.below(std::size(kSurnames))];
    name_ += kGiven[rng.below(std::size(kGiven))];
    if (rng.permille(600)) name_ += kGiven[rng.below(std::size(kGiven))];

    const auto& list = sectors();
    std::uint32_t total = 0;
    for (const auto& s : list) total += s.weight;
    std::uint32_t r = rng.below(total);
    std::size_t si = 0;
    while (r >= list[si].weight) r -= list[si++].weight;
    const Sector& sector = list[si];
    unit_ = county_;
    unit_ += sector.units[rng.below(static_cast<std::uint32_t>(sector.units.size()))];
    f.group = static_cast<std::uint8_t>(rng.below(8));
    const char* group = kGroups[f.group];

    f.standing = rng.permille(150);
    // Most members were seated at the start of the term, before the year.
    const std::uint32_t joined_kind = rng.below(1000);
    // Each draw is a statement of its own: a function's arguments are
    // evaluated in an order the compiler chooses (GCC right to left, clang
    // left to right), and the data must not depend on the compiler. Day,
    // then month, then year is the order that wrote the bundled example.
    if (joined_kind < 50) {
      const int day = rng.between(1, 28);
      f.joined = civil_day(opt_.year, rng.between(2, 9), day);
    } else if (joined_kind < 800) {
      f.joined = civil_day(opt_.year - 2, 1, rng.between(5, 12));
    } else {
      const int day = rng.between(1, 28);
      const int month = rng.between(1, 12);
      f.joined = civil_day(opt_.year - rng.between(1, 4), month, day);
    }
    std::optional<Day> left;
    if (joined_kind >= 50 && rng.permille(30)) {
      const int day = rng.between(1, 28);
      left = civil_day(opt_.year, rng.between(3, 11), day);
    }
    f.first = std::max(f.joined, year_first_);
    f.last = left ? *left : year_last_;

    const std::uint32_t profile = rng.below(1000);
    if (profile < 100) {
      f.profile = Profile::Weak;
      f.activity = static_cast<std::uint16_t>(rng.between(150, 450));
    } else if (profile < 950) {
      f.profile = Profile::Normal;
      f.activity = static_cast<std::uint16_t>(rng.between(700, 1300));
    } else {
      f.profile = Profile::Active;
      f.activity = static_cast<std::uint16_t>(rng.between(2000, 3200));
    }
    f.violation = rng.below(300) == 0;

    format_member_id(m);
    MemberRow& row = member_row_;
    row.index = m;
    row.id = member_id_;
    row.name = name_;
    row.unit = unit_;
    row.sector = sector.name;
    row.group = group;
    row.role_list.clear();
    row.role_list.push_back("member");
    if (f.standing) row.role_list.push_back("standing");
    row.roles = f.standing ? "member;standing" : "member";
    row.joined = f.joined;
    row.left = left;
    if (on_member_) on_member_(row);
  }

  void format_member_id(MemberIndex m) {
    format_id(member_id_, "M", std::uint64_t{m} + 1, id_width_);
  }

  // ------------------------------------------------------------ records

  bool serving(MemberIndex m, Day day) const {
    return day >= facts_[m].joined && day <= facts_[m].last;
  }

  // A day within the member's service in the year; now and then a day of
  // the previous December, which scoring for the year must ignore.
  Day random_day(Rng& rng, MemberIndex m) {
    const MemberFacts& f = facts_[m];
    if (rng.permille(3)) {
      const Day december = civil_day(opt_.year - 1, 12, rng.between(1, 31));
      if (december >= f.joined) return december;
    }
    return f.first + static_cast<Day>(rng.below(static_cast<std::uint32_t>(f.last - f.first + 1)));
  }

  std::uint64_t mean(MemberIndex m, std::uint32_t milli_at_50, bool by_activity) const {
    std::uint64_t v = static_cast<std::uint64_t>(milli_at_50) * scale_ / 50;
    if (by_activity) v = v * facts_[m].activity / 1000;
    return v;
  }

  const char* meeting_status(Rng& rng, MemberIndex m) {
    static const char* const kStatus[] = {"present", "leave", "absent", "late"};
    static const std::uint32_t kWeak[] = {600, 200, 150, 50};
    static const std::uint32_t kNormal[] = {900, 70, 15, 15};
    static const std::uint32_t kActive[] = {975, 25, 0, 0};
    switch (facts_[m].profile) {
      case Profile::Weak: return kStatus[rng.pick(kWeak)];
      case Profile::Normal: return kStatus[rng.pick(kNormal)];
      default: return kStatus[rng.pick(kActive)];
    }
  }

  void make_records(MemberIndex m) {
    Rng rng(opt_.seed, 2, m);
    const MemberFacts& f = facts_[m];

    // Meetings the committee calls: attendance, not zeal, varies.
    if (serving(m, plenary_day_)) {
      const std::string_view status = meeting_status(rng, m);
      std::int32_t half_days = 5;
      if (status == "late") half_days = 4;
      else if (status == "leave") half_days = rng.between(0, 2);
      else if (status == "absent") half_days = 0;
      start(m, plenary_day_, "meeting", "plenary");
      rec_.status = status;
      rec_.quantity = half_days * static_cast<std::int32_t>(kQuantityScale);
      emit();
    }
    if (f.standing) {
      for (const Day day : standing_days_) {
        if (!serving(m, day)) continue;
        start(m, day, "meeting", "standing");
        rec_.status = meeting_status(rng, m);
        emit();
      }
    }
    struct Kind {
      const char* kind;
      const char* subtype;
      std::uint32_t milli;  // average count at 50 records per member
      bool by_activity;
    };
    const std::pair<const char*, const std::vector<Day>*> meetings[] = {
        {"consultation", &consultation_days_},
        {"group_discussion", &group_days_[f.group]},
        {"other", &other_days_}};
    for (const auto& [subtype, days] : meetings) {
      for (const Day day : *days) {
        if (!serving(m, day)) continue;
        start(m, day, "meeting", subtype);
        rec_.status = meeting_status(rng, m);
        emit();
      }
    }

    for (std::uint32_t n = draw_count(rng, mean(m, 1500, true)); n > 0; --n)
      make_proposal(rng, m, "individual", 0);
    for (std::uint32_t n = draw_count(rng, mean(m, 500, true)); n > 0; --n) {
      const std::uint32_t cosigners = rng.permille(600) ? rng.between(1, 4) : rng.between(5, 10);
      make_proposal(rng, m, "joint", cosigners);
    }

    for (std::uint32_t n = draw_count(rng, mean(m, 4500, true)); n > 0; --n) make_info(rng, m);

    static const Kind kOthers[] = {
        {"history", "", 100, true},
        {"activity", "research", 3000, true},
        {"activity", "inspection", 3000, true},
        {"activity", "supervision", 2000, true},
        {"activity", "seminar", 3000, true},
        {"activity", "training", 2000, false},
        {"activity", "written_speech", 500, true},
        {"activity", "speech", 500, true},
        {"study", "session", 6000, false},
        {"study", "notes", 2000, true},
        {"study", "article", 700, true},
        {"service", "key_project", 1500, true},
        {"service", "pairing_help", 1500, true},
        {"charity", "donation", 1000, true},
    };
    for (const auto& k : kOthers) {
      for (std::uint32_t n = draw_count(rng, mean(m, k.milli, k.by_activity)); n > 0; --n) {
        start(m, random_day(rng, m), k.kind, k.subtype);
        emit();
      }
    }
    for (std::uint32_t n = draw_count(rng, mean(m, 2000, true)); n > 0; --n) {
      start(m, random_day(rng, m), "charity", "volunteer");
      // Hours in halves: 0.5 .. 8.
      rec_.quantity = static_cast<std::int32_t>(rng.between(1, 16)) * 5000;
      emit();
    }
    for (std::uint32_t n = draw_count(rng, mean(m, 100, true)); n > 0; --n) {
      static const char* const kLevels[] = {"national", "province", "prefecture", "city", "county"};
      static const std::uint32_t kWeights[] = {5, 15, 20, 25, 35};
      start(m, random_day(rng, m), "honor", "");
      rec_.level = kLevels[rng.pick(kWeights)];
      emit();
    }
    if (f.violation) {
      start(m, random_day(rng, m), "violation", "discipline");
      emit();
    }
  }

  void make_proposal(Rng& rng, MemberIndex lead, const char* subtype, std::uint32_t cosigners) {
    const Day day = random_day(rng, lead);
    // Outcome flags belong to the proposal, so every signer's row has them.
    flags_.clear();
    const bool filed = rng.permille(700);
    if (filed) flags_.push_back("filed");
    if (filed && rng.permille(70)) flags_.push_back("key");
    if (filed && rng.permille(45)) flags_.push_back("excellent");
    if (rng.permille(50)) flags_.push_back("to_info");
    next_ref();
    signers_.clear();
    signers_.push_back(lead);
    if (cosigners > 0 && opt_.members > 1) {
      cosigners = std::min<std::uint32_t>(cosigners, opt_.members - 1);
      for (std::uint32_t tries = 0; signers_.size() < cosigners + 1 && tries < 4 * cosigners + 8;
           ++tries) {
        const MemberIndex other = rng.below(opt_.members);
        if (!serving(other, day)) continue;
        if (std::find(signers_.begin(), signers_.end(), other) != signers_.end()) continue;
        signers_.push_back(other);
      }
    }
    for (std::size_t i = 0; i < signers_.size(); ++i) {
      start(signers_[i], day, "proposal", subtype);
      rec_.ref = ref_;
      rec_.position = static_cast<std::uint16_t>(i + 1);
      set_flags();
      emit();
    }
  }

  // Collective proposals (of a sector, a party, a committee), credited to
  // their main members.
  void make_collective_proposals() {
    if (opt_.members < 3) return;
    Rng rng(opt_.seed, 3, 0);
    const std::uint64_t items =
        std::max<std::uint64_t>(1, static_cast<std::uint64_t>(opt_.members) * scale_ / 50 / 30);
    for (std::uint64_t item = 0; item < items; ++item) {
      const MemberIndex lead = rng.below(opt_.members);
      const auto size = static_cast<std::uint32_t>(rng.between(3, 8)) - 1;
      make_proposal(rng, lead, "collective", size);
    }
  }

  void make_info(Rng& rng, MemberIndex m) {
    start(m, random_day(rng, m), "info", "");
    flags_.clear();
    if (rng.permille(400)) {
      static const char* const kLevels[] = {"county", "city", "prefecture", "province", "national"};
      static const std::uint32_t kWeights[] = {40, 25, 15, 12, 8};
      rec_.level = kLevels[rng.pick(kWeights)];
      flags_.push_back("adopted");
      if (rng.permille(80)) flags_.push_back("instructed");
    }
    set_flags();
    emit();
  }

  // ------------------------------------------------------------ emitting

  void next_ref() {
    ++ref_count_;
    // "P2025" then the proposal number: P20250001.
    format_id(ref_, "P", static_cast<std::uint64_t>(opt_.year), 4);
    std::string number;
    format_id(number, "", ref_count_, 4);
    ref_ += number;
  }

  void set_flags() {
    flags_text_.clear();
    for (std::size_t i = 0; i < flags_.size(); ++i) {
      if (i) flags_text_ += ';';
      flags_text_ += flags_[i];
    }
    rec_.flag_list.assign(flags_.begin(), flags_.end());
    rec_.flags = flags_text_;
  }

  void start(MemberIndex m, Day day, std::string_view kind, std::string_view subtype) {
    rec_.member = m;
    rec_.date = day;
    rec_.kind = kind;
    rec_.subtype = subtype;
    rec_.status = {};
    rec_.ref = {};
    rec_.level = {};
    rec_.position = 0;
    rec_.flags = {};
    rec_.flag_list.clear();
    rec_.quantity = kNoQuantity;
  }

  void emit() {
    ++record_count_;
    format_id(record_id_, "R", record_count_, 9);
    format_id(rec_member_id_, "M", std::uint64_t{rec_.member} + 1, id_width_);
    rec_.record_id = record_id_;
    rec_.member_id = rec_member_id_;
    rec_.line = static_cast<std::uint32_t>(record_count_ + 1);
    if (on_record_) on_record_(rec_);
  }

  const Options& opt_;
  const MemberCallback& on_member_;
  const RecordCallback& on_record_;
  Day year_first_ = 0, year_last_ = 0, plenary_day_ = 0;
  Day standing_days_[4] = {};
  const char* county_ = "";
  int id_width_ = 3;
  std::uint64_t scale_ = 50;
  std::vector<MemberFacts> facts_;
  std::vector<Day> consultation_days_, other_days_, group_days_[8];
  std::uint64_t record_count_ = 0, ref_count_ = 0;
  // Reused buffers: no allocation per record once they have grown.
  MemberRow member_row_;
  RecordRow rec_;
  std::string name_, unit_, member_id_, record_id_, rec_member_id_, ref_, flags_text_;
  std::vector<std::string_view> flags_;
  std::vector<MemberIndex> signers_;
};

void append_day(std::string& out, Day day) {
  // Inverse of civil_day (H. Hinnant).
  const int z = day + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp + (mp < 10 ? 3 : -9);
  const int y = yoe + era * 400 + (m <= 2);
  if (y < 0 || y > 9999) {  // not reachable from valid Options; keep it total
    out += std::to_string(y);
  } else {
    out += static_cast<char>('0' + y / 1000);
    out += static_cast<char>('0' + y / 100 % 10);
    out += static_cast<char>('0' + y / 10 % 10);
    out += static_cast<char>('0' + y % 10);
  }
  const char tail[6] = {'-', static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10),
                        '-', static_cast<char>('0' + d / 10), static_cast<char>('0' + d % 10)};
  out.append(tail, 6);
}

void append_quantity(std::string& out, std::int32_t units) {
  // Shortest exact decimal: 50000 -> "5", 35000 -> "3.5".
  out += std::to_string(units / kQuantityScale);
  const auto frac = static_cast<std::int32_t>(units % kQuantityScale);
  if (frac == 0) return;
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04d", frac);
  std::string digits(buf);
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  out += '.';
  out += digits;
}

}  // namespace

void generate(const Options& options, const MemberCallback& on_member,
              const RecordCallback& on_record) {
  Generator(options, on_member, on_record).run();
}

void write_csv(const Options& options, std::ostream& members, std::ostream& records) {
  std::string mbuf = "member_id,name,unit,sector,group,roles,joined,left\n";
  std::string rbuf = "record_id,member_id,date,kind,subtype,status,ref,position,level,flags,quantity\n";
  constexpr std::size_t kFlushAt = 1 << 20;
  generate(
      options,
      [&](const MemberRow& m) {
        append_csv_cell(mbuf, m.id);
        mbuf += ',';
        append_csv_cell(mbuf, m.name);
        mbuf += ',';
        append_csv_cell(mbuf, m.unit);
        mbuf += ',';
        append_csv_cell(mbuf, m.sector);
        mbuf += ',';
        append_csv_cell(mbuf, m.group);
        mbuf += ',';
        append_csv_cell(mbuf, m.roles);
        mbuf += ',';
        append_day(mbuf, m.joined);
        mbuf += ',';
        if (m.left) append_day(mbuf, *m.left);
        mbuf += '\n';
        if (mbuf.size() >= kFlushAt) {
          members.write(mbuf.data(), static_cast<std::streamsize>(mbuf.size()));
          mbuf.clear();
        }
      },
      [&](const RecordRow& r) {
        append_csv_cell(rbuf, r.record_id);
        rbuf += ',';
        append_csv_cell(rbuf, r.member_id);
        rbuf += ',';
        append_day(rbuf, r.date);
        rbuf += ',';
        append_csv_cell(rbuf, r.kind);
        rbuf += ',';
        append_csv_cell(rbuf, r.subtype);
        rbuf += ',';
        append_csv_cell(rbuf, r.status);
        rbuf += ',';
        append_csv_cell(rbuf, r.ref);
        rbuf += ',';
        if (r.position != 0) rbuf += std::to_string(r.position);
        rbuf += ',';
        append_csv_cell(rbuf, r.level);
        rbuf += ',';
        append_csv_cell(rbuf, r.flags);
        rbuf += ',';
        if (r.quantity != kNoQuantity) append_quantity(rbuf, r.quantity);
        rbuf += '\n';
        if (rbuf.size() >= kFlushAt) {
          records.write(rbuf.data(), static_cast<std::streamsize>(rbuf.size()));
          rbuf.clear();
        }
      });
  members.write(mbuf.data(), static_cast<std::streamsize>(mbuf.size()));
  records.write(rbuf.data(), static_cast<std::streamsize>(rbuf.size()));
  members.flush();
  records.flush();
}

Generated build_in_memory(const Options& options) {
  Generated out;
  RecordBatchBuilder builder(options.members);
  // A little above the average, so the columns rarely regrow.
  builder.reserve(static_cast<std::size_t>(options.members) * options.records_per_member / 20 * 21 +
                  64);
  std::vector<std::string> roles;
  RecordFields fields;
  generate(
      options,
      [&](const MemberRow& m) {
        roles.assign(m.role_list.begin(), m.role_list.end());
        out.members.add(std::string(m.id), std::string(m.name), std::string(m.unit),
                        std::string(m.sector), std::string(m.group), roles, m.joined, m.left);
      },
      [&](const RecordRow& r) {
        fields.record_id = r.record_id;
        fields.member = r.member;
        fields.date = r.date;
        fields.kind = r.kind;
        fields.subtype = r.subtype;
        fields.status = r.status;
        fields.ref = r.ref;
        fields.level = r.level;
        fields.position = r.position;
        fields.flags.assign(r.flag_list.begin(), r.flag_list.end());
        fields.quantity = r.quantity;
        fields.source_line = r.line;
        // The vocabulary is fixed and small; only a batch beyond 2^32 rows
        // can be refused, and a silently shorter batch would be worse.
        if (auto refused = builder.add(fields); !refused.empty())
          throw std::length_error("dutyscore-gen: " + refused);
      });
  out.records = builder.finish();
  return out;
}

}  // namespace dutyscore::gen
