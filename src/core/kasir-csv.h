/* kasir-csv.h — reading CSV text (RFC 4180) into rows of fields.
 *
 * UTF-8 text; fields separated by commas, rows by LF or CRLF; a field in double quotes
 * may hold commas, line breaks and doubled quotes. A UTF-8 byte order mark at the start
 * is skipped; blank lines are skipped. Each row remembers the line of the file it starts
 * on, so an error can name it.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint   line;    /* 1-based line of the file the row starts on */
  char  **fields;  /* NULL-terminated */
} KasirCsvRow;

void kasir_csv_row_free (KasirCsvRow *row);

/* KasirCsvRow*, or NULL with KASIR_INPUT_ERROR naming the line (text that is not UTF-8,
 * a quote left open, text after a closing quote). */
GPtrArray *kasir_csv_parse (const char  *data,
                            gsize        length,
                            GError     **error);

/* Appends @text as one CSV field: quoted when it holds a comma, a quote or a line break,
 * and a leading =, +, - or @ made text with a quote mark, so that no spreadsheet runs a
 * name as a formula. */
void kasir_csv_append_field (GString    *out,
                             const char *text);

G_END_DECLS
