/* kasir-text-row.h — a row of text cells for the manager's column views.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KASIR_TYPE_TEXT_ROW (kasir_text_row_get_type ())

G_DECLARE_FINAL_TYPE (KasirTextRow, kasir_text_row, KASIR, TEXT_ROW, GObject)

/* A row of a column view: an id, a state number the owner gives meaning to, and text
 * cells (the array is copied). @style is a CSS class for every cell (NULL for none). */
KasirTextRow        *kasir_text_row_new        (gint64              id,
                                                int                 state,
                                                const char * const *cells,
                                                const char         *style);
gint64               kasir_text_row_get_id     (KasirTextRow       *self);
int                  kasir_text_row_get_state  (KasirTextRow       *self);
/* The cell, or "" past the end. */
const char          *kasir_text_row_get_cell   (KasirTextRow       *self,
                                                guint               column);
const char          *kasir_text_row_get_style  (KasirTextRow       *self);

/* Appends a column showing cell @column of the KasirTextRow items; an @expand column
 * takes the spare width and wraps its text. Returns the column (owned by @view). */
GtkColumnViewColumn *kasir_text_row_add_column (GtkColumnView      *view,
                                                const char         *title,
                                                guint               column,
                                                gboolean            expand);

G_END_DECLS
