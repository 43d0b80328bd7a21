// dutyscore._dutyscore: the C API (dutyscore/dutyscore.h) for Python, with
// handles owned by Python objects and every failure raised as
// dutyscore.DutyscoreError carrying every problem with its place. The
// Pythonic layer (rows, Decimals, DataFrames) is dutyscore/__init__.py.
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "dutyscore/dutyscore.h"

namespace py = pybind11;

namespace {

// (file, line, column, field, severity, message) per problem.
using ProblemTuple = std::tuple<std::string, int, int, std::string, std::string, std::string>;

std::vector<ProblemTuple> problems_of(const ds_problems* problems) {
  std::vector<ProblemTuple> out;
  for (size_t i = 0; i < ds_problems_count(problems); ++i) {
    const ds_problem* p = ds_problems_get(problems, i);
    out.emplace_back(p->file, p->line, p->column, p->field,
                     p->severity == DS_SEVERITY_ERROR ? "error" : "warning", p->message);
  }
  return out;
}

// Thrown on a failed call; becomes dutyscore.DutyscoreError.
struct CallFailed {
  int status;
  std::vector<ProblemTuple> problems;
};

void check(ds_status status) {
  if (status != DS_OK) throw CallFailed{status, problems_of(ds_last_problems())};
}

// A char** result, taken over and freed.
std::string take(char* text) {
  std::string out = text ? text : "";
  ds_string_free(text);
  return out;
}

struct RuleSet {
  std::shared_ptr<ds_ruleset> handle;
};

struct Data {
  std::shared_ptr<ds_data> handle;
};

struct Result {
  std::shared_ptr<ds_result> handle;
};

template <typename T, void (*Free)(T*)>
std::shared_ptr<T> own(T* raw) {
  return std::shared_ptr<T>(raw, [](T* p) { Free(p); });
}

RuleSet load_rules(const std::optional<std::string>& path, const std::optional<std::string>& text,
                   const std::optional<std::string>& name) {
  ds_ruleset* raw = nullptr;
  if (path)
    check(ds_ruleset_load_file(path->c_str(), &raw));
  else
    check(
        ds_ruleset_load_text(text ? text->c_str() : nullptr, name ? name->c_str() : nullptr, &raw));
  return RuleSet{own<ds_ruleset, ds_ruleset_free>(raw)};
}

ds_input_options input_options(const std::string& encoding, bool keep_going, unsigned threads) {
  ds_input_options o = ds_input_options_default();
  o.encoding = encoding.c_str();
  o.keep_going = keep_going ? 1 : 0;
  o.threads = threads;
  return o;
}

Data read_files(const std::string& members, const std::string& records, const std::string& encoding,
                bool keep_going, unsigned threads) {
  const ds_input_options o = input_options(encoding, keep_going, threads);
  ds_data* raw = nullptr;
  {
    py::gil_scoped_release release;
    check(ds_data_load_files_opt(members.c_str(), records.c_str(), &o, &raw));
  }
  return Data{own<ds_data, ds_data_free>(raw)};
}

// Office files (docs/input.md): several records files and a profile.
Data read_office(const std::string& members, const std::vector<std::string>& records,
                 const std::optional<std::string>& profile, const std::string& encoding,
                 bool keep_going, unsigned threads) {
  const ds_input_options o = input_options(encoding, keep_going, threads);
  std::vector<const char*> paths;
  for (const auto& r : records) paths.push_back(r.c_str());
  ds_data* raw = nullptr;
  {
    py::gil_scoped_release release;
    check(ds_data_load_office(members.c_str(), paths.data(), paths.size(),
                              profile ? profile->c_str() : nullptr, &o, &raw));
  }
  return Data{own<ds_data, ds_data_free>(raw)};
}

Data read_text(const py::bytes& members, const std::string& members_name, const py::bytes& records,
               const std::string& records_name, const std::string& encoding, bool keep_going,
               unsigned threads) {
  const ds_input_options o = input_options(encoding, keep_going, threads);
  const std::string m = members, r = records;
  ds_data* raw = nullptr;
  {
    py::gil_scoped_release release;
    check(ds_data_load_text_opt(m.c_str(), members_name.c_str(), r.c_str(), records_name.c_str(),
                                &o, &raw));
  }
  return Data{own<ds_data, ds_data_free>(raw)};
}

Result evaluate(const RuleSet& rules, const Data& data, const std::optional<std::string>& from,
                const std::optional<std::string>& to, std::optional<int> year, unsigned threads) {
  ds_result* raw = nullptr;
  {
    py::gil_scoped_release release;
    if (year)
      check(ds_evaluate_year(rules.handle.get(), data.handle.get(), *year, threads, nullptr,
                             nullptr, &raw));
    else
      check(ds_evaluate(rules.handle.get(), data.handle.get(), from ? from->c_str() : nullptr,
                        to ? to->c_str() : nullptr, threads, nullptr, nullptr, &raw));
  }
  return Result{own<ds_result, ds_result_free>(raw)};
}

// A text output of the C API (char**), the GIL released while it is made.
template <typename Call>
std::string text_of(Call&& call) {
  char* out = nullptr;
  ds_status status;
  {
    py::gil_scoped_release release;
    status = call(&out);
  }
  check(status);
  return take(out);
}

}  // namespace

PYBIND11_MODULE(_dutyscore, m) {
  m.doc() = "The dutyscore C API for Python; use the dutyscore package, not this module.";
  m.attr("FORMAT_TEXT") = static_cast<int>(DS_FORMAT_TEXT);
  m.attr("FORMAT_CSV") = static_cast<int>(DS_FORMAT_CSV);
  m.attr("FORMAT_JSON") = static_cast<int>(DS_FORMAT_JSON);
  m.def("version", [] { return std::string(ds_version()); });

  // A failed call raises dutyscore.errors.DutyscoreError(status, problems).
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const CallFailed& failed) {
      const py::object type = py::module_::import("dutyscore.errors").attr("DutyscoreError");
      const py::object error = type(failed.status, failed.problems);
      PyErr_SetObject(type.ptr(), error.ptr());
    }
  });

  py::class_<RuleSet>(m, "RuleSet")
      .def_property_readonly(
          "id", [](const RuleSet& r) { return std::string(ds_ruleset_id(r.handle.get())); })
      .def_property_readonly(
          "name", [](const RuleSet& r) { return std::string(ds_ruleset_name(r.handle.get())); })
      .def_property_readonly("precision",
                             [](const RuleSet& r) { return ds_ruleset_precision(r.handle.get()); })
      .def_property_readonly("categories",
                             [](const RuleSet& r) {
                               std::vector<std::pair<std::string, std::string>> out;
                               for (size_t c = 0; c < ds_ruleset_category_count(r.handle.get());
                                    ++c)
                                 out.emplace_back(ds_ruleset_category_id(r.handle.get(), c),
                                                  ds_ruleset_category_label(r.handle.get(), c));
                               return out;
                             })
      .def_property_readonly("grades",
                             [](const RuleSet& r) {
                               std::vector<std::string> out;
                               for (size_t g = 0; g < ds_ruleset_grade_count(r.handle.get()); ++g)
                                 out.emplace_back(ds_ruleset_grade_label(r.handle.get(), g));
                               return out;
                             })
      .def_property_readonly("warnings", [](const RuleSet& r) {
        return problems_of(ds_ruleset_warnings(r.handle.get()));
      });

  py::class_<Data>(m, "Data")
      .def_property_readonly("member_count",
                             [](const Data& d) { return ds_data_member_count(d.handle.get()); })
      .def_property_readonly("rows_read",
                             [](const Data& d) { return ds_data_rows_read(d.handle.get()); })
      .def_property_readonly("rows_scored",
                             [](const Data& d) { return ds_data_rows_scored(d.handle.get()); })
      .def_property_readonly("rows_rejected",
                             [](const Data& d) { return ds_data_rows_rejected(d.handle.get()); })
      .def(
          "quarantine_csv",
          [](const Data& d) {
            return text_of([&](char** out) { return ds_data_quarantine_csv(d.handle.get(), out); });
          })
      .def_property_readonly(
          "warnings", [](const Data& d) { return problems_of(ds_data_warnings(d.handle.get())); });

  py::class_<Result>(m, "Result")
      .def_property_readonly("period",
                             [](const Result& r) {
                               return std::make_pair(
                                   std::string(ds_result_period_from(r.handle.get())),
                                   std::string(ds_result_period_to(r.handle.get())));
                             })
      .def_property_readonly("precision",
                             [](const Result& r) { return ds_result_precision(r.handle.get()); })
      .def_property_readonly(
          "warnings",
          [](const Result& r) { return problems_of(ds_result_warnings(r.handle.get())); })
      .def("csv",
           [](const Result& r) {
             return text_of([&](char** out) { return ds_result_csv(r.handle.get(), out); });
           })
      .def("json",
           [](const Result& r) {
             return text_of([&](char** out) { return ds_result_json(r.handle.get(), out); });
           })
      .def("explain",
           [](const Result& r, const std::string& member, int format) {
             return text_of([&](char** out) {
               return ds_explain(r.handle.get(), member.c_str(), format, out);
             });
           })
      .def("commendations",
           [](const Result& r, int format) {
             return text_of(
                 [&](char** out) { return ds_result_commendations(r.handle.get(), format, out); });
           })
      .def("groups",
           [](const Result& r, int format) {
             return text_of(
                 [&](char** out) { return ds_result_groups(r.handle.get(), format, out); });
           })
      .def("whatif",
           [](const Result& r, const RuleSet& proposed, unsigned threads, int format) {
             return text_of([&](char** out) {
               return ds_whatif(r.handle.get(), proposed.handle.get(), threads, format, out);
             });
           })
      .def("archive", [](const Result& r, const std::string& path) {
        py::gil_scoped_release release;
        const ds_status status = ds_archive_write(r.handle.get(), path.c_str());
        py::gil_scoped_acquire acquire;
        check(status);
      });

  m.def("load_rules", &load_rules, py::arg("path"), py::arg("text"), py::arg("name"));
  m.def("read_files", &read_files);
  m.def("read_text", &read_text);
  m.def("read_office", &read_office);
  m.def("evaluate", &evaluate);
  // (text, warnings): a term rule over part of a term is a warning.
  m.def("years", [](const RuleSet& rules, const Data& data, int from_year, int to_year,
                    unsigned threads, int format) {
    std::string text = text_of([&](char** out) {
      return ds_years(rules.handle.get(), data.handle.get(), from_year, to_year, threads, format,
                      out);
    });
    return std::make_pair(std::move(text), problems_of(ds_last_problems()));
  });
  // (verified, report); a failure to read the archive raises.
  m.def("verify", [](const std::string& archive, const Data& data, unsigned threads) {
    char* out = nullptr;
    ds_status status;
    {
      py::gil_scoped_release release;
      status = ds_archive_verify(archive.c_str(), data.handle.get(), threads, DS_FORMAT_JSON, &out);
    }
    if (status != DS_DIFFERENT) check(status);
    return std::make_pair(status == DS_OK, take(out));
  });
}
