/* kasir-shift-report.h — X (mid-shift) and Z (closing) reports, as text and on paper.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kasir-models.h"
#include "kasir-shift-report-repository.h"

G_BEGIN_DECLS

typedef enum
{
  KASIR_SHIFT_REPORT_X,
  KASIR_SHIFT_REPORT_Z,
} KasirShiftReportKind;

/* Plain text, one line per figure, laid out for a monospaced font. @counted is NULL for
 * an X report. @currency is an ISO 4217 code. */
char     *kasir_shift_report_build_text (KasirShiftReportKind     kind,
                                         const KasirShift        *shift,
                                         const char              *staff_name,
                                         const KasirShiftSummary *summary,
                                         GPtrArray               *expected,
                                         GPtrArray               *counted,
                                         const char              *currency);
/* Prints @text with a print dialog (@pdf_path NULL), or writes it to @pdf_path as PDF
 * without any dialog (works without a printer or a display server session). */
gboolean  kasir_shift_report_print      (GtkWindow               *parent,
                                         const char              *text,
                                         const char              *pdf_path,
                                         GError                 **error);

G_END_DECLS
