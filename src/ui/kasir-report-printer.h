/* kasir-report-printer.h — a report's lines on A4 pages, as a PDF.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Writes @lines (char*, one a line) on A4 pages in a monospace font through
 * GtkPrintOperation's export, to @path. Returns the number of pages, or 0 with @error. */
guint kasir_report_print_pdf (GPtrArray   *lines,
                              const char  *path,
                              GError     **error);

G_END_DECLS
