/* kasir-product-edit-dialog.h — a manager changes a price or adjusts stock, offline too.
 *
 * The change applies on this till at once and is queued for the server; a price that
 * another till changed meanwhile comes back as a concurrent-edit conflict. Stock is
 * adjusted by a difference with a reason, never set to a figure.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kasir-till-dialog.h"

#include "kasir-database.h"
#include "kasir-sync-service.h"

G_BEGIN_DECLS

#define KASIR_TYPE_PRODUCT_EDIT_DIALOG (kasir_product_edit_dialog_get_type ())

G_DECLARE_FINAL_TYPE (KasirProductEditDialog, kasir_product_edit_dialog, KASIR, PRODUCT_EDIT_DIALOG, KasirTillDialog)

/* Works on @context's database, sync service (may be NULL) and currency. */
KasirProductEditDialog *kasir_product_edit_dialog_new     (GtkWindow              *parent,
                                                           KasirTillContext       *context,
                                                           gint64                  manager_staff_id);
/* Picks the product to change; FALSE with @error when it is unknown. */
gboolean                kasir_product_edit_dialog_select  (KasirProductEditDialog *self,
                                                           gint64                  product_id,
                                                           GError                **error);
/* "price" or "stock". */
void                    kasir_product_edit_dialog_set_mode (KasirProductEditDialog *self,
                                                            const char             *mode);
/* Fills the form (NULL leaves a field as it is). */
void                    kasir_product_edit_dialog_fill    (KasirProductEditDialog *self,
                                                           const char             *price_text,
                                                           gint64                  stock_delta,
                                                           const char             *reason);
/* Applies the form; FALSE with @error (also shown in the dialog) when refused. */
gboolean                kasir_product_edit_dialog_apply   (KasirProductEditDialog *self,
                                                           GError                **error);

G_END_DECLS
