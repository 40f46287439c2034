/* kasir-cart-note.h — the cashier's note on a cart line ("no ice", "for Budi").
 *
 * A note is one short line of text, at most KASIR_CART_NOTE_MAX_CHARS characters, kept
 * with the line through the saved cart, a hold and an open order, printed under the
 * item on the kitchen ticket and the receipt, and sent in the line of `sale.create`. A
 * line with a note is its own line: scanning the product again starts a line without
 * one, and lines with different notes are different kitchen items.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-cart.h"

G_BEGIN_DECLS

#define KASIR_CART_NOTE_MAX_CHARS 60

/* Whether @note is a note a line may carry: valid UTF-8, one line (no control
 * characters), at most KASIR_CART_NOTE_MAX_CHARS characters. FALSE with a
 * KASIR_INPUT_ERROR a person can read otherwise. */
gboolean kasir_cart_note_check    (const char  *note,
                                   GError     **error);
/* Sets the note of line @index of @self to @note with spaces around it trimmed (NULL or
 * only spaces: no note). FALSE with an error and nothing changed on bad input. */
gboolean kasir_cart_set_line_note (KasirCart   *self,
                                   guint        index,
                                   const char  *note,
                                   GError     **error);

G_END_DECLS
