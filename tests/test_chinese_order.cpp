// Names in the order people expect: numbered names by their number,
// everything else by pinyin (ICU), the same on every machine.
#include <gtest/gtest.h>

#include "dutyscore/chinese_order.h"

namespace dutyscore {
namespace {

TEST(ChineseOrder, NumberedGroupsGoByTheirNumber) {
  std::vector<std::string> groups{"第十二活动组", "第七活动组", "第一活动组", "第三活动组", "第二活动组",
                                  "第十活动组", "第十一活动组", "第二十一活动组"};
  sort_chinese(groups);
  EXPECT_EQ(groups, (std::vector<std::string>{"第一活动组", "第二活动组", "第三活动组", "第七活动组", "第十活动组",
                                              "第十一活动组", "第十二活动组", "第二十一活动组"}));
  std::vector<std::string> digits{"组12", "组3", "组1"};
  sort_chinese(digits);
  EXPECT_EQ(digits, (std::vector<std::string>{"组1", "组3", "组12"}));
}

TEST(ChineseOrder, OtherNamesGoByPinyin) {
  // jiao, jing, ke, nong, wen, yi, zhong
  std::vector<std::string> sectors{"中共界", "医药卫生界", "教育界", "农业界", "经济界", "科技界", "文化艺术界"};
  sort_chinese(sectors);
  EXPECT_EQ(sectors, (std::vector<std::string>{"教育界", "经济界", "科技界", "农业界", "文化艺术界", "医药卫生界",
                                               "中共界"}));
  // Words with numerals that are not ordinals stay words: 三农 (san) after 民建 (min).
  EXPECT_TRUE(chinese_less("民建组", "三农组"));
  EXPECT_FALSE(chinese_less("三农组", "民建组"));
  EXPECT_FALSE(chinese_less("教育界", "教育界"));
}

TEST(ChineseOrder, ChineseNumerals) {
  EXPECT_EQ(chinese_number("一"), 1);
  EXPECT_EQ(chinese_number("十"), 10);
  EXPECT_EQ(chinese_number("十二"), 12);
  EXPECT_EQ(chinese_number("二十"), 20);
  EXPECT_EQ(chinese_number("二十一"), 21);
  EXPECT_EQ(chinese_number("一百零五"), 105);
  EXPECT_EQ(chinese_number("两千"), 2000);
  EXPECT_EQ(chinese_number("二〇二五"), 2025);
  EXPECT_EQ(chinese_number("三万"), 30000);
  EXPECT_EQ(chinese_number("组"), -1);
  EXPECT_EQ(chinese_number(""), -1);
}

}  // namespace
}  // namespace dutyscore
