package org.dutyscore;

import java.math.BigDecimal;
import java.util.Map;

/**
 * One member's result: subtotals by category id (in the rule set's order)
 * and total as exact decimals, the grade label ("" when none), the 1-based
 * rank (0 when unranked) and the flags (MINIMUM_UNMET, VETOED, NOT_SERVING).
 */
public record MemberScore(String memberId, String name, Map<String, BigDecimal> subtotals,
    BigDecimal total, String grade, int rank, int flags) {
  public static final int MINIMUM_UNMET = 1;
  public static final int VETOED = 2;
  public static final int NOT_SERVING = 4;
}
