/* kasir-line-note.h — the cashier's note on a cart line, asked for at the till.
 *
 * Ctrl+E (or a line's note button) asks for the note of the selected line (the last one
 * when none is): one short line (kasir-cart-note.h) printed under the item on the kitchen
 * ticket and the receipt. Beyond the limit the dialog says so and will not save.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-cart-view.h"

G_BEGIN_DECLS

/* A message dialog over @parent asking for the note of line @index of @cart_view; its
 * "save" response keeps it (an empty note clears it). Its extra child is the entry;
 * Enter in it saves. */
GtkWidget *kasir_line_note_prompt_new     (GtkWindow      *parent,
                                           KasirCartView  *cart_view,
                                           guint           index);
/* What sell.line-note (Ctrl+E) does: asks for the note of the selected line of
 * @cart_view (the last one when none is) in a dialog over @parent. NULL when the dialog
 * opened; otherwise what to tell the cashier. */
const char *kasir_line_note_activate      (GtkWindow      *parent,
                                           KasirCartView  *cart_view);

G_END_DECLS
