/* kasir-receipt-layout.h — laying out the text of a receipt in fixed columns: centred
 * lines, a pair flush to both edges, a rule. Shared by the sale and refund receipts.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-models.h"

#include <glib.h>

G_BEGIN_DECLS

/* Each line of @text centred in @columns (a line too long for them starts at the edge). */
void kasir_receipt_layout_centered (GString    *out,
                                    const char *text,
                                    guint       columns);
/* @left and @right on one line, the right one flush with the edge; when they do not fit
 * together, the left one gets a line of its own. */
void kasir_receipt_layout_pair     (GString    *out,
                                    const char *left,
                                    const char *right,
                                    guint       columns);
/* @text after @first on the first line and @indent on the next ones, broken at spaces
 * (a word longer than a line is cut). */
void kasir_receipt_layout_wrapped  (GString    *out,
                                    const char *first,
                                    const char *indent,
                                    const char *text,
                                    guint       columns);
/* A line's modifier options, one a row under its name: "  + Less sugar", a priced one
 * with its price per unit at the right; then its note ("  * no ice"), wrapped. */
void kasir_receipt_layout_options  (GString             *out,
                                    const KasirSaleLine *line,
                                    const char          *currency,
                                    guint                columns);
/* A line of dashes across the paper. */
void kasir_receipt_layout_rule     (GString    *out,
                                    guint       columns);

G_END_DECLS
