// Input profiles: how an office's own sheets and exports map onto the
// interchange fields (docs/input.md). A profile names, for members and for
// each layout of records, the headers that give each field, the words that
// mean each code, yes/no columns that set a flag, fixed values, and the
// shape of the sheet (a row per record, or a grid with one column per
// meeting). The built-in default profile knows the common Chinese headers
// and, through the standard vocabulary (vocabulary.h), the Chinese words
// of every code; a profile file adds or replaces what an office does
// differently.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dutyscore/period.h"
#include "dutyscore/problem.h"

namespace dutyscore {

// The fields a layout can fill. The first eleven are the interchange
// records columns, the next eight the members columns; the rest say where
// a record's member or words are when an office writes them otherwise.
enum class InputField : std::uint8_t {
  // records
  RecordId, MemberId, Date, Kind, Subtype, Status, Ref, Position, Level, Flags, Quantity,
  // members
  Name, Unit, Sector, Group, Roles, Joined, Left,
  // office forms
  MemberName,    // records: the member by name, where a sheet has no ids
  Participants,  // records: every participant of an item in one cell, the first (领衔) first
  Words,         // records: words giving flags, level or status ("省政协采用;获批示")
};

// The field's name in profiles ("member_id", "participants", ...).
const char* input_field_name(InputField field);
std::optional<InputField> input_field_from_name(const std::string& name);

// A meeting column of a grid layout: its header, and the day and subtype
// of the meeting it records.
struct GridMeeting {
  std::string header;
  Day date = 0;
  std::string subtype;  // a code ("plenary")
};

// One layout: of the members sheet, or of one kind of records sheet.
struct SourceLayout {
  std::string name;                 // for messages ("提案"); the first sheet name when not given
  std::vector<std::string> sheets;  // the sheets it reads; empty: any sheet whose header fits
  enum class Shape { Rows, Grid } shape = Shape::Rows;
  // Per field, the headers that may give it, the first found taken.
  std::map<InputField, std::vector<std::string>> columns;
  // Per field, a value every row gets (a code, or a word the values map).
  std::map<InputField, std::string> set;
  // Yes/no columns (是/否, √/×, ...): header -> the flag a yes sets (or,
  // in the members layout, the role).
  std::map<std::string, std::string> yes_no;
  // Grid layouts: the meeting columns, or every column whose header is a
  // date and a meeting's name ("2025-01-16 全体会议") when `meetings_auto`.
  std::vector<GridMeeting> meetings;
  bool meetings_auto = false;
  // The header's row (1 for the first); 0: the first row among the first
  // 30 that holds the layout's headers (title rows above are skipped).
  std::uint32_t header_row = 0;
  // Where the layout was written, for messages (the profile file's line).
  Location where;
};

// A whole profile.
struct InputProfile {
  std::string source_file;  // the file it was loaded from; "<default>" for the built-in one
  // Per field (kind, subtype, status, level, flags, roles), the words of
  // this office and the code(s) each means: "全会" -> "meeting/plenary" for
  // a kind, "重点;优秀" -> two flags. Looked up before the vocabulary.
  std::map<InputField, std::map<std::string, std::string>> values;
  // Also take the standard vocabulary's names and words (default true).
  bool standard_words = true;
  std::vector<SourceLayout> members;  // tried in order
  std::vector<SourceLayout> records;  // tried in order; each sheet is read by the first that fits
};

// Loads a profile from YAML text; `file` names it in messages. Every
// problem is collected with file:line:column (unknown keys and fields
// with a did-you-mean, codes checked against the standard vocabulary);
// returns the profile only when there is no error. A profile with neither
// members nor records layouts (values only) gets the default profile's.
std::optional<InputProfile> load_profile(const std::string& text, const std::string& file,
                                         Problems& problems);
std::optional<InputProfile> load_profile_file(const std::string& path, Problems& problems);

// The built-in default profile, and its YAML text (docs/input.md shows
// it): the common Chinese headers (and the interchange names) for every
// field, a proposals layout (提案人 listing the proposers), an information
// reports layout and a meetings grid; values from the standard vocabulary.
const InputProfile& default_profile();
const std::string& default_profile_text();

}  // namespace dutyscore
