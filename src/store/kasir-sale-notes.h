/* kasir-sale-notes.h — what a stored sale says beyond its figures: each line's note
 * (kasir-cart-note.h) and the open order the sale paid.
 *
 * Both came with migration 0019 (open-order-sale); a database opened below it (the
 * migrations' tests) has none to read, and a sale without either writes nothing here,
 * so the sales statements stay as every earlier version has them.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-database.h"
#include "kasir-models.h"

G_BEGIN_DECLS

/* Writes @sale's line notes and open order id; its sales and sale_lines rows exist.
 * Below version 24 only: from it the sale's and its lines' own INSERTs carry them. */
gboolean kasir_sale_notes_write (KasirDatabase    *db,
                                 const KasirSale  *sale,
                                 GError          **error);
/* Fills in the notes and open order ids of @sales (KasirSale*, their lines loaded);
 * @keys_by_row: the file is at version 24 or later (kasir-sale-keys.h). */
gboolean kasir_sale_notes_load  (KasirDatabase    *db,
                                 GPtrArray        *sales,
                                 gboolean          keys_by_row,
                                 GError          **error);

G_END_DECLS
