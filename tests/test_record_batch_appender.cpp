// Parts appended as they come make the batch combine() makes of them:
// same columns, codes and dictionaries, whatever the windows, whether the
// rows come member by member, with a joint item's other members among
// them, or in no order.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "data/record_batch_appender.h"
#include "dutyscore/record_batch.h"
#include "record_row.h"
#include "same_batch.h"

namespace dutyscore {
namespace {

using testing::expect_same_batch;

constexpr std::size_t kMembers = 300;

using testing::fields_of;
using testing::Row;

enum class Ids { patterned, another_pattern_later, text };

// Rows member by member (members in index order, some without rows), of
// varied kinds, joint refs across members, flags and dates `span` days
// apart at most, the latest members' dates the earliest (so that the
// appender's day base moves).
std::vector<Row> rows_in_member_order(unsigned seed, Ids ids, Day span = 4000) {
  std::mt19937 random(seed);
  const auto pick = [&random](std::size_t n) {
    return static_cast<std::size_t>(random() % static_cast<unsigned>(n));
  };
  const char* kinds[] = {"meeting", "proposal", "info", "charity", "research"};
  const char* subtypes[] = {"", "plenary", "joint", "individual", "volunteer"};
  const char* statuses[] = {"", "present", "leave", "absent"};
  const char* levels[] = {"", "city", "province", "national"};
  const char* flags[] = {"filed", "key", "adopted", "lead"};
  std::vector<Row> rows;
  for (MemberIndex m = 0; m < kMembers; ++m) {
    if (pick(5) == 0) continue;
    const std::size_t n = 1 + pick(12);
    for (std::size_t i = 0; i < n; ++i) {
      Row r;
      const std::size_t number = rows.size() * 7 % 100003;
      if (ids == Ids::text) {
        r.id = "id-" + std::to_string(number) + (pick(2) ? "x" : "");
      } else {
        const bool other = ids == Ids::another_pattern_later && m > kMembers * 2 / 3;
        std::string digits = std::to_string(number);
        r.id = (other ? "Q" : "R") + std::string(7 - digits.size(), '0') + digits;
      }
      r.member = m;
      const Day late = m < kMembers / 2 ? span / 2 : 0;
      r.date = 20000 + late + static_cast<Day>(pick(static_cast<std::size_t>(span / 2)));
      r.kind = kinds[pick(5)];
      r.subtype = subtypes[pick(5)];
      r.status = statuses[pick(4)];
      r.level = levels[pick(4)];
      if (pick(3) == 0) r.ref = "P" + std::to_string(pick(40));
      r.position = static_cast<std::uint16_t>(pick(4));
      for (const char* flag : flags) {
        if (pick(4) == 0) r.flags.push_back(flag);
      }
      r.quantity = pick(3) == 0 ? kNoQuantity : static_cast<std::int32_t>(pick(90000));
      rows.push_back(r);
    }
  }
  return rows;
}

using Parts = std::vector<std::unique_ptr<RecordBatchBuilder>>;

// The rows cut at `cuts` (row numbers, ascending), a builder a part.
Parts parts_of(const std::vector<Row>& rows, const std::vector<std::size_t>& cuts) {
  Parts parts;
  std::size_t begin = 0;
  for (std::size_t k = 0; k <= cuts.size(); ++k) {
    const std::size_t end = k < cuts.size() ? cuts[k] : rows.size();
    parts.push_back(std::make_unique<RecordBatchBuilder>(kMembers));
    for (std::size_t i = begin; i < end; ++i) {
      EXPECT_EQ(parts.back()->add(fields_of(rows[i])), "");
    }
    begin = end;
  }
  return parts;
}

std::vector<std::size_t> random_cuts(std::size_t rows, unsigned seed, std::size_t count) {
  std::mt19937 random(seed);
  std::vector<std::size_t> cuts;
  for (std::size_t k = 0; k < count; ++k) cuts.push_back(random() % (rows + 1));
  std::sort(cuts.begin(), cuts.end());  // equal cuts make empty parts, on purpose
  return cuts;
}

RecordBatch combined(const std::vector<Row>& rows, const std::vector<std::size_t>& cuts) {
  Parts parts = parts_of(rows, cuts);
  std::vector<RecordBatchBuilder*> builders;
  for (auto& p : parts) builders.push_back(p.get());
  std::string refused;
  auto batch = RecordBatchBuilder::combine(builders, 2, refused);
  EXPECT_TRUE(batch) << refused;
  return std::move(*batch);
}

// Appends `parts` a window of `window` parts at a time, on one or two
// threads by turns.
// With `refs_times`, the appender is told after the first window that all
// the refs will be about that many times its refs (room the second
// window's append makes).
void append_windows(RecordBatchAppender& appender, Parts& parts, std::size_t window,
                    double refs_times = 0) {
  for (std::size_t k = 0; k < parts.size(); k += window) {
    std::vector<RecordBatchBuilder*> builders;
    for (std::size_t j = k; j < std::min(parts.size(), k + window); ++j)
      builders.push_back(parts[j].get());
    std::string refused;
    ASSERT_TRUE(appender.append(builders, 1 + static_cast<unsigned>(k % 2), refused)) << refused;
    if (k == 0 && refs_times > 0) {
      const double refs = static_cast<double>(appender.refs()) * refs_times;
      appender.reserve_refs(static_cast<std::size_t>(refs));
    }
  }
  for (const auto& part : parts) EXPECT_EQ(part->size(), 0u);
}

enum class Order { members, joint_items, reversed, none };

// The rows as a file might list them.
std::vector<Row> listed(std::vector<Row> rows, Order order, unsigned seed) {
  std::mt19937 random(seed);
  switch (order) {
    case Order::members:
      break;
    case Order::joint_items:
      // After a row with a ref, the other members' rows of the item.
      for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].ref.empty() || random() % 3 != 0) continue;
        std::vector<Row> others;
        for (std::size_t j = 0; j < rows.size(); ++j) {
          if (j != i && rows[j].ref == rows[i].ref && rows[j].member != rows[i].member &&
              others.size() < 4)
            others.push_back(rows[j]);
        }
        for (const auto& other : others) {
          for (std::size_t j = 0; j < rows.size(); ++j) {
            if (rows[j].id == other.id) {
              rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(j));
              if (j < i) --i;
              break;
            }
          }
        }
        rows.insert(rows.begin() + static_cast<std::ptrdiff_t>(i + 1), others.begin(),
                    others.end());
        i += others.size();
      }
      break;
    case Order::reversed:
      std::reverse(rows.begin(), rows.end());
      break;
    case Order::none:
      std::shuffle(rows.begin(), rows.end(), random);
      break;
  }
  return rows;
}

TEST(RecordBatchAppender, AppendedWindowsMakeTheBatchCombineMakes) {
  for (const Order order : {Order::members, Order::joint_items, Order::reversed, Order::none}) {
    for (const Ids ids : {Ids::patterned, Ids::another_pattern_later, Ids::text}) {
      for (unsigned seed = 1; seed <= 4; ++seed) {
        // Dates up to 164 years apart: later windows move the days' base.
        const auto rows =
            listed(rows_in_member_order(seed, ids, seed % 3 == 0 ? 60000 : 4000), order, seed);
        const auto cuts = random_cuts(rows.size(), seed * 31, 3 + seed * 5);
        const RecordBatch reference = combined(rows, cuts);
        for (const std::size_t window : {std::size_t{1}, std::size_t{3}, std::size_t{64}}) {
          SCOPED_TRACE("order " + std::to_string(static_cast<int>(order)) + ", ids " +
                       std::to_string(static_cast<int>(ids)) + ", seed " + std::to_string(seed) +
                       ", window " + std::to_string(window));
          Parts parts = parts_of(rows, cuts);
          RecordBatchAppender appender(kMembers);
          if (seed % 2) appender.reserve(rows.size() / 3);  // too few: the columns grow
          // Room for all the refs, for a third of them, or none.
          const double refs_times =
              seed % 2 ? 0 : seed % 4 ? static_cast<double>(parts.size()) / window : 0.3;
          append_windows(appender, parts, window, refs_times);
          EXPECT_EQ(appender.size(), rows.size());
          // Rows aside: a member's only row; in a part's last row, a new member's first row;
          // a joint item's other members.
          if (order == Order::none || order == Order::reversed) {
            EXPECT_GT(appender.rows_aside(), rows.size() / 2);
          } else if (order == Order::members) {
            EXPECT_LT(appender.rows_aside(), rows.size() / 10);
          }
          expect_same_batch(appender.finish(2), reference);
        }
      }
    }
  }
}

TEST(RecordBatchAppender, RowsTooFarApartAreRefusedAsCombineRefusesThem) {
  // Each window within 179 years, the two together not.
  auto rows = rows_in_member_order(5, Ids::patterned, 100);
  for (std::size_t i = rows.size() / 2; i < rows.size(); ++i) rows[i].date += 0xFFFF;
  const std::vector<std::size_t> cuts{rows.size() / 2};
  {
    Parts parts = parts_of(rows, cuts);
    std::string refused;
    EXPECT_FALSE(RecordBatchBuilder::combine({parts[0].get(), parts[1].get()}, 1, refused));
  }
  Parts parts = parts_of(rows, cuts);
  RecordBatchAppender appender(kMembers);
  std::string refused;
  ASSERT_TRUE(appender.append({parts[0].get()}, 1, refused)) << refused;
  EXPECT_FALSE(appender.append({parts[1].get()}, 1, refused));
  EXPECT_NE(refused.find("179 years"), std::string::npos) << refused;
}

// ids_rose() says that no two rows share an id only when every id is a
// number of one pattern above the id before it, across parts and windows
// too (an empty part between changes nothing); the batch's own check
// agrees whenever it says so.
TEST(RecordBatchAppender, IdsRoseOnlyWhenEveryIdIsAboveTheOneBefore) {
  enum class Change { none, repeat_in_part, fall_at_cut, repeat_at_cut, text, other_pattern };
  for (const Change change : {Change::none, Change::repeat_in_part, Change::fall_at_cut,
                              Change::repeat_at_cut, Change::text, Change::other_pattern}) {
    SCOPED_TRACE("change " + std::to_string(static_cast<int>(change)));
    auto rows = rows_in_member_order(7, Ids::patterned);
    const std::size_t n = rows.size(), cut = n / 3;
    const auto id = [](std::size_t number) {
      std::string digits = std::to_string(number);
      return "R" + std::string(7 - digits.size(), '0') + digits;
    };
    for (std::size_t i = 0; i < n; ++i) rows[i].id = id(10 + 3 * i);
    switch (change) {
      case Change::none:
        break;
      case Change::repeat_in_part:
        rows[cut / 2].id = rows[cut / 2 - 1].id;
        break;
      case Change::fall_at_cut:
        rows[cut].id = id(10 + 3 * (cut - 1) - 1);  // below the last, equal to none
        break;
      case Change::repeat_at_cut:
        rows[cut].id = rows[cut - 1].id;
        break;
      case Change::text:
        rows[n - 1].id = "last";
        break;
      case Change::other_pattern:
        rows[n - 1].id = "Q0000001";
        break;
    }
    const bool repeats = change == Change::repeat_in_part || change == Change::repeat_at_cut;
    Parts parts = parts_of(rows, {cut, cut, 2 * cut});
    RecordBatchAppender appender(kMembers);
    append_windows(appender, parts, 2);
    EXPECT_EQ(appender.ids_rose(), change == Change::none);
    const RecordBatch batch = appender.finish(2);
    EXPECT_EQ(batch.has_duplicate_ids({}, 2), repeats);
  }
}

// A ref's rows counted in the parts, summed as they are appended: a part
// whose rows of the ref are of two kinds makes the ref's rows of several
// kinds even when its first kind is the kind of the rows before, so each
// kind's rows are an item of their own, as combine() counts them.
TEST(RecordBatchAppender, ARefOfTwoKindsInOnePartIsCountedByKind) {
  const auto row = [](const std::string& id, MemberIndex m, const char* kind) {
    return Row{id, m, 20000, kind, "", "", "P1", "", 0, {}, kNoQuantity};
  };
  const std::vector<Row> rows = {row("R1", 0, "proposal"), row("R2", 1, "proposal"),
                                 row("R3", 2, "info"), row("R4", 3, "info")};
  const std::vector<std::size_t> cuts{1};  // [R1] [R2 R3 R4]
  const RecordBatch reference = combined(rows, cuts);
  EXPECT_EQ(reference.item_size_column(), (std::vector<std::uint16_t>{2, 2, 2, 2}));
  Parts parts = parts_of(rows, cuts);
  RecordBatchAppender appender(kMembers);
  append_windows(appender, parts, 1);
  expect_same_batch(appender.finish(1), reference);
}

TEST(RecordBatchAppender, NoRowsMakeTheEmptyBatch) {
  const RecordBatch reference = combined({}, {});
  RecordBatchAppender appender(kMembers);
  Parts parts = parts_of({}, {0, 0});
  append_windows(appender, parts, 2);
  const RecordBatch batch = appender.finish(1);
  expect_same_batch(batch, reference);
  EXPECT_EQ(batch.member_count(), kMembers);
}

}  // namespace
}  // namespace dutyscore
