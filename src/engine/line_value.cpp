#include "engine/line_value.h"

#include <limits>

namespace dutyscore::detail {

LineValue line_value(const Rule& rule, Points class_base, std::uint16_t position,
                     std::uint16_t item_size, std::int32_t row_quantity) {
  LineValue v;
  if (rule.share.mode == ShareMode::ByPosition) {
    auto it = rule.share.position_points.find(position);
    v.base = it != rule.share.position_points.end() ? it->second : rule.share.other_points;
  } else {
    v.base = class_base;
  }
  switch (rule.share.mode) {
    case ShareMode::Split: {
      const std::int64_t n = item_size;
      if (n > 1) {
        if (position == 1) {
          v.share = rule.share.first;
        } else {
          v.share = Fraction{rule.share.first.den - rule.share.first.num,
                             rule.share.first.den * (n - 1)};
        }
      }
      break;
    }
    case ShareMode::FirstN:
      if (position < 1 || position > rule.share.n) v.share = Fraction{0, 1};
      break;
    case ShareMode::Full:
    case ShareMode::ByPosition:
      break;
  }
  std::int64_t quantity = 1, quantity_scale = 1;
  if (rule.per_quantity) {
    quantity = row_quantity == kNoQuantity ? 0 : row_quantity;
    quantity_scale = kQuantityScale;
  }
  // Exact in 64 bits when nothing overflows (always, for real point
  // values); 128 bits otherwise. Same rounding either way.
  std::int64_t numerator = 0, denominator = 0;
  if (!__builtin_mul_overflow(v.base, v.share.num, &numerator) &&
      !__builtin_mul_overflow(numerator, quantity, &numerator) &&
      !__builtin_mul_overflow(v.share.den, quantity_scale, &denominator) &&
      numerator < (std::int64_t{1} << 61) && numerator > -(std::int64_t{1} << 61) &&
      denominator < (std::int64_t{1} << 61)) {
    if (denominator == 1) {
      v.value = numerator;
    } else {
      const std::int64_t magnitude = numerator < 0 ? -numerator : numerator;
      const std::int64_t q = (magnitude * 2 + denominator) / (denominator * 2);
      v.value = numerator < 0 ? -q : q;
    }
    return v;
  }
  // 128 bits, checked: points near the 64-bit limit times a share's
  // numerator and a quantity can exceed even them.
  WideInt wide_numerator = 0;
  if (__builtin_mul_overflow(static_cast<WideInt>(v.base), static_cast<WideInt>(v.share.num),
                             &wide_numerator) ||
      __builtin_mul_overflow(wide_numerator, static_cast<WideInt>(quantity), &wide_numerator)) {
    v.overflow = true;
    return v;
  }
  const WideInt q = divide_half_up_wide(wide_numerator,
                                        static_cast<WideInt>(v.share.den) * quantity_scale);
  v.overflow = q > std::numeric_limits<Points>::max() || q < std::numeric_limits<Points>::min();
  v.value = static_cast<Points>(q);
  return v;
}

}  // namespace dutyscore::detail
