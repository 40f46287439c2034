/* kasir-selling-keys.h — the selling screen's keys: quantities, + / − / Delete, Tab.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kasir-ui-types.h"

G_BEGIN_DECLS

/* The parts of the selling view the keys act on. */
typedef struct
{
  GtkWidget     *view;       /* whose sell.more, sell.fewer, sell.void-line and
                              * sell.search the keys activate */
  GtkEditable   *search;
  GtkWidget     *grid;
  KasirCartView *cart_view;
} KasirSellingKeysTargets;

/* What the selling view does with a key press anywhere in its window, before the
 * focused widget sees it: + / − change the selected line's quantity and Delete voids it
 * (unless text is being edited), Tab leaves the product grid in one step. TRUE when the
 * key was used. */
gboolean kasir_selling_keys_press         (const KasirSellingKeysTargets *targets,
                                           guint                          keyval,
                                           GdkModifierType                state);

/* One more (@delta 1) or one fewer (-1) of the selected line, or of the last one added
 * when none is selected; never below one (voiding takes Delete). FALSE with no line. */
gboolean kasir_selling_keys_change_qty     (KasirCartView    *cart_view,
                                            gint64            delta);
/* Voids the selected line, or the last one added when none is selected. FALSE with no
 * line (or when it could not be removed). */
gboolean kasir_selling_keys_void_line      (KasirCartView    *cart_view);

/* A quantity typed before a product: "3" or "3*" alone in @text. 0 when @text is not
 * one (or is out of range). */
gint64   kasir_selling_keys_quantity      (const char       *text);

/* "3*CODE": the quantity and where the code starts; FALSE when @text has no such
 * prefix. */
gboolean kasir_selling_keys_split_quantity (const char      *text,
                                            gint64          *out_qty,
                                            const char     **out_code);

G_END_DECLS
