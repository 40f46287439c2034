/* kasir-product-editor.h — a manager adds a product or changes every field of one.
 *
 * Name, SKU, barcode (checked as it is typed; "Make a barcode" gives an in-store EAN-13),
 * price, tax rate, category, unit, whether stock is counted, its low-stock threshold and
 * whether it is archived; and its modifier groups (KasirModifierGroupEditor), once the
 * product is in the catalog. Saving goes through KasirModifierRepository (the groups,
 * first, when they changed) and KasirCatalogAdminRepository: a bad value is shown under
 * the form naming its field, and that save writes nothing.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-modifier-group-editor.h"
#include "kasir-till-dialog.h"

G_BEGIN_DECLS

#define KASIR_TYPE_PRODUCT_EDITOR (kasir_product_editor_get_type ())

G_DECLARE_FINAL_TYPE (KasirProductEditor, kasir_product_editor, KASIR, PRODUCT_EDITOR, KasirTillDialog)

/* @product_id 0: a new product. Works on @context's database and currency; @manager_staff_id
 * is the manager who opened the back office. NULL with @error when @product_id is unknown. */
KasirProductEditor *kasir_product_editor_new  (GtkWindow           *parent,
                                               KasirTillContext    *context,
                                               gint64               manager_staff_id,
                                               gint64               product_id,
                                               GError             **error);
/* Fills the form as a person would type it (NULL leaves a field as it is). */
void                kasir_product_editor_fill (KasirProductEditor  *self,
                                               const char          *name,
                                               const char          *sku,
                                               const char          *barcode,
                                               const char          *price_text,
                                               const char          *tax_text);
/* Makes an in-store barcode for the form, as the button does. */
void                kasir_product_editor_make_barcode (KasirProductEditor *self);
/* The "Modifiers" section, as a person would use it. */
KasirModifierGroupEditor *kasir_product_editor_get_modifier_editor (KasirProductEditor *self);
/* Saves the form; the product's id, or 0 with @error (also shown in the dialog). Emits
 * "saved" with the id. */
gint64              kasir_product_editor_save (KasirProductEditor  *self,
                                               GError             **error);

G_END_DECLS
