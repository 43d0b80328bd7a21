#include "dutyscore/office_info.h"

namespace dutyscore {

OfficeInfo merge_office(const OfficeInfo& base, const OfficeInfo& over) {
  OfficeInfo out = base;
  if (!over.name.empty()) out.name = over.name;
  if (!over.contact.empty()) out.contact = over.contact;
  if (over.appeal_by) out.appeal_by = over.appeal_by;
  if (!over.appeal_to.empty()) out.appeal_to = over.appeal_to;
  if (!over.seal.empty()) out.seal = over.seal;
  if (over.issued) out.issued = over.issued;
  if (!over.where.file.empty()) out.where = over.where;
  return out;
}

}  // namespace dutyscore
