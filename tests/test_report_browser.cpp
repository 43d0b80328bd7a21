// The reports as a person gets them: written by the command-line tool,
// rendered by headless Chromium to PDF and PNG, the PDF read back with
// poppler (pdfinfo for pages, pdftotext for the words). Checked: a brief
// notice is one A4 page (300 brief notices print to 300 pages), no table
// cell overflows or runs past the page and no text breaks a character to
// a line (measured in the DOM by a script the test adds), and a member
// reads no English. CI installs chromium and poppler-utils;
// DUTYSCORE_NO_BROWSER=1 skips where no browser can be had.
// DUTYSCORE_KEEP_RENDERS=DIR keeps the PDFs and PNGs there, to look at.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <regex>

#include "test_support.h"

namespace dutyscore {
namespace {

using testing::run_command;
using testing::slurp;
using testing::source_path;

namespace fs = std::filesystem;

// Writes every cell that overflows, runs past the page or wraps a
// character to a line into <pre id="measured">, for --dump-dom.
const char* const kMeasureScript = R"(<script>
(function () {
  const out = [];
  const page = document.body.getBoundingClientRect();
  function lines(el) {
    const tops = new Set();
    const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const r = document.createRange();
      r.selectNodeContents(n);
      for (const q of r.getClientRects()) if (q.width > 0) tops.add(Math.round(q.top));
    }
    return tops.size;
  }
  for (const el of document.querySelectorAll('td, th, h1, h2, h3, p')) {
    const text = el.textContent.trim();
    const r = el.getBoundingClientRect();
    if (el.scrollWidth > el.clientWidth + 1) out.push('overflows: ' + text);
    if (r.right > page.right + 1) out.push('past the page: ' + text);
    const chars = [...text.replace(/\s/g, '')].length;
    if (chars >= 3 && lines(el) >= chars) out.push('a character a line: ' + text);
  }
  for (const t of document.querySelectorAll('table, svg'))
    if (t.getBoundingClientRect().right > page.right + 1) out.push('a table past the page');
  const pre = document.createElement('pre');
  pre.id = 'measured';
  pre.textContent = 'MEASURED\n' + out.join('\n') + '\nEND';
  document.body.appendChild(pre);
})();
</script>)";

class Browser : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* no_browser = std::getenv("DUTYSCORE_NO_BROWSER");
    const bool skip_ok = no_browser && std::string(no_browser) == "1";
    for (const char* tool : {"chromium", "pdfinfo", "pdftotext", "pdftoppm"}) {
      const auto which = run_command(std::string("command -v ") + tool + " 2>/dev/null");
      if (which.exit_code == 0 && !which.out.empty()) continue;
      if (skip_ok) GTEST_SKIP() << "no " << tool << " and DUTYSCORE_NO_BROWSER=1";
      FAIL() << tool << " is not installed (tools/install-deps.sh installs it; DUTYSCORE_NO_BROWSER=1 skips)";
    }
    // A CJK font must be there, or Chinese renders as boxes.
    ASSERT_FALSE(run_command("fc-list :lang=zh family 2>/dev/null").out.empty())
        << "no Chinese font (fonts-wqy-zenhei or fonts-noto-cjk)";
    // A fresh directory each run: a browser profile leaves sockets behind.
    std::string dir_template = ::testing::TempDir() + "report_browser_XXXXXX";
    ASSERT_NE(mkdtemp(dir_template.data()), nullptr);
    dir_ = dir_template;
    fs::create_directories(dir_ + "/profile");
  }
  void TearDown() override {
    if (dir_.empty()) return;
    if (const char* keep = std::getenv("DUTYSCORE_KEEP_RENDERS")) {
      fs::create_directories(keep);
      for (const auto& f : fs::directory_iterator(dir_))
        if (f.path().extension() == ".pdf" || f.path().extension() == ".png")
          fs::copy_file(f.path(), fs::path(keep) / f.path().filename(), fs::copy_options::overwrite_existing);
    }
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  std::string browser() const {
    return "timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
           "--disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage "
           "--user-data-dir=" + dir_ + "/profile ";
  }

  // `report` with the bundled county and `args`; the exit code must be 0.
  void report(const std::string& args) {
    const auto r = run_command(testing::cli() + " report --rules " + source_path("rules/default.yaml") +
                               " --members " + source_path("examples/data/members.csv") + " --records " +
                               source_path("examples/data/records.csv") +
                               " --committee 政协安远县委员会办公室 " + args + " 2>&1");
    ASSERT_EQ(r.exit_code, 0) << r.out;
  }

  // `name`.html printed to `name`.pdf; its page count.
  int print(const std::string& name) {
    const auto r = run_command(browser() + "--no-pdf-header-footer --print-to-pdf=" + dir_ + "/" + name +
                               ".pdf file://" + dir_ + "/" + name + ".html 2>&1");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    const auto info = run_command("pdfinfo " + dir_ + "/" + name + ".pdf 2>&1");
    std::smatch m;
    if (!std::regex_search(info.out, m, std::regex("Pages:\\s+([0-9]+)"))) {
      ADD_FAILURE() << info.out;
      return 0;
    }
    // The first pages as PNG (to look at) and the screen view as Chromium shows it.
    run_command("pdftoppm -r 60 -png -f 1 -l 2 " + dir_ + "/" + name + ".pdf " + dir_ + "/" + name);
    return std::stoi(m[1]);
  }

  std::string pdf_text(const std::string& name) {
    return run_command("pdftotext -enc UTF-8 " + dir_ + "/" + name + ".pdf -").out;
  }

  // The cells of `name`.html that overflow, run past the page or break a
  // character to a line, at the page's width (182 mm at 96 dpi).
  std::string layout_problems(const std::string& name) {
    std::string html = slurp(dir_ + "/" + name + ".html");
    html.insert(html.rfind("</body>"), kMeasureScript);
    std::ofstream(dir_ + "/" + name + "-measured.html", std::ios::binary) << html;
    const auto dom = run_command(browser() + "--window-size=688,1200 --dump-dom file://" + dir_ + "/" + name +
                                 "-measured.html 2>/dev/null");
    const auto begin = dom.out.find("MEASURED\n");
    const auto end = dom.out.find("\nEND", begin);
    if (begin == std::string::npos || end == std::string::npos) return "no measurement in the DOM";
    return dom.out.substr(begin + 9, end - begin - 9);
  }

  void screenshot(const std::string& name) {
    const auto r = run_command(browser() + "--window-size=800,1200 --screenshot=" + dir_ + "/" + name +
                               "-screen.png file://" + dir_ + "/" + name + ".html 2>&1");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    ASSERT_TRUE(fs::exists(dir_ + "/" + name + "-screen.png"));
    EXPECT_EQ(slurp(dir_ + "/" + name + "-screen.png").substr(1, 3), "PNG");
  }

  std::string dir_;
};

// No Latin word at all: no vocabulary code (meeting, present), no English
// note (counts from, pro-rated, veto). Record ids (R000000005), item
// numbers (P20250363) and member ids (M001) have one letter only.
void expect_no_english(const std::string& text, const std::string& what) {
  std::smatch m;
  EXPECT_FALSE(std::regex_search(text, m, std::regex("[A-Za-z]{2,}"))) << what << ": '" << m.str() << "'";
}

TEST_F(Browser, BriefNoticeIsOneA4PageInChinese) {
  report("--member M001 --form brief --output " + dir_ + "/brief.html");
  EXPECT_EQ(print("brief"), 1);
  EXPECT_EQ(layout_problems("brief"), "");
  const std::string text = pdf_text("brief");
  for (const char* word : {"委员履职考核结果通知", "马刚云", "74.05", "称职", "224 / 300", "出席会议", "30.00",
                           "每季度至少参加一次活动", "如对考核结果有异议", "盖章"})
    EXPECT_NE(text.find(word), std::string::npos) << word;
  expect_no_english(text, "brief notice");
  screenshot("brief");
}

TEST_F(Browser, FullNoticeHasEveryAuditLineInChinese) {
  report("--member M001 --form full --output " + dir_ + "/full.html");
  const int pages = print("full");
  EXPECT_GE(pages, 2);
  EXPECT_LE(pages, 3);
  EXPECT_EQ(layout_problems("full"), "");
  const std::string text = pdf_text("full");
  for (const char* word : {"计分明细", "小组讨论", "请假", "基础分按在任天数折算：365/365天", "第5条",
                           "5.00 × 1/14（联名提案，第3人，", "本类满分15.00分，超出部分不计"})
    EXPECT_NE(text.find(word), std::string::npos) << word;
  expect_no_english(text, "full notice");
  screenshot("full");
}

TEST_F(Browser, PrintFileStartsEveryMemberOnANewPage) {
  report("--print-file " + dir_ + "/print-brief.html --form brief");
  // 300 brief notices, each one page: 300 pages exactly.
  EXPECT_EQ(print("print-brief"), 300);
  const std::string brief = pdf_text("print-brief");
  std::size_t notices = 0;
  for (auto at = brief.find("委员履职考核结果通知"); at != std::string::npos;
       at = brief.find("委员履职考核结果通知", at + 1))
    ++notices;
  EXPECT_EQ(notices, 300u);
  expect_no_english(brief, "print file");
  // Page breaks: the 300 pages each begin with the office's name.
  std::size_t page_starts = 0;
  for (auto at = brief.find("\f"); at != std::string::npos; at = brief.find("\f", at + 1))
    if (brief.compare(at + 1, std::string("政协安远县委员会办公室").size(), "政协安远县委员会办公室") == 0) ++page_starts;
  EXPECT_EQ(page_starts, 299u);  // after each form feed but the last

  report("--print-file " + dir_ + "/print-full.html --form full");
  EXPECT_GT(print("print-full"), 300);
  EXPECT_EQ(layout_problems("print-full"), "");
  expect_no_english(pdf_text("print-full"), "full print file");
}

TEST_F(Browser, OfficeSummaryFitsThePageAndListsWhatToActOn) {
  report("--summary " + dir_ + "/summary.html --from-year 2024 --to-year 2025");
  EXPECT_GE(print("summary"), 2);
  EXPECT_EQ(layout_problems("summary"), "");
  const std::string text = pdf_text("summary");
  for (const char* word : {"委员履职考核汇总", "等次统计", "28.33%", "双十佳优秀委员", "未达最低履职要求的委员",
                           "一票否决的委员", "跨年度处理", "约谈", "各界别平均分", "各活动组平均分", "活动组考核排名"})
    EXPECT_NE(text.find(word), std::string::npos) << word;
  // 第一 … 第八 in that order, not 第一, 第七, 第三 …
  const auto ranking = text.find("各活动组平均分");
  ASSERT_NE(ranking, std::string::npos);
  std::size_t last = ranking;
  for (const char* group : {"第一活动组", "第二活动组", "第三活动组", "第四活动组", "第五活动组", "第六活动组",
                            "第七活动组", "第八活动组"}) {
    const auto at = text.find(group, ranking);
    ASSERT_NE(at, std::string::npos) << group;
    EXPECT_GT(at, last) << group;
    last = at;
  }
  expect_no_english(text, "office summary");
  screenshot("summary");
}

// --pdf prints through the same browser: the brief notice is one page.
TEST_F(Browser, PdfOptionPrintsThroughHeadlessChromium) {
  report("--member M001 --form brief --pdf --output " + dir_ + "/cli-brief.pdf");
  ASSERT_TRUE(fs::exists(dir_ + "/cli-brief.pdf"));
  EXPECT_EQ(slurp(dir_ + "/cli-brief.pdf").substr(0, 5), "%PDF-");
  EXPECT_NE(run_command("pdfinfo " + dir_ + "/cli-brief.pdf").out.find("Pages:           1\n"), std::string::npos);
  const std::string text = pdf_text("cli-brief");
  EXPECT_NE(text.find("马刚云"), std::string::npos);
  expect_no_english(text, "--pdf notice");
}

}  // namespace
}  // namespace dutyscore
