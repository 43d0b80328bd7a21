// Reports people read, in one include: the member notice (notice_html.h),
// the office summary (summary_html.h) and what they share
// (report_options.h).
#pragma once

#include "dutyscore/notice_html.h"
#include "dutyscore/report_options.h"
#include "dutyscore/summary_html.h"
