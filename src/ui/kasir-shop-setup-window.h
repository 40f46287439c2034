/* kasir-shop-setup-window.h — a standalone shop describes itself.
 *
 * Shop name, address, tax number (NPWP), receipt header and footer, currency, the tax
 * rate new products start with, whether prices include tax, and the shop's low-stock
 * level (products without their own are low at or below it; a whole number of units). Shown after the first
 * manager is made on a standalone till, and from the manager's menu later. The shop's
 * texts and tax go to the settings repository under the names of kasir-setting-keys.h
 * (the receipt reads them there); the currency to the "currency" GSettings key the till's
 * context follows. "Save and Add Products" then opens the products page.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-till-dialog.h"

G_BEGIN_DECLS

#define KASIR_TYPE_SHOP_SETUP_WINDOW (kasir_shop_setup_window_get_type ())

G_DECLARE_FINAL_TYPE (KasirShopSetupWindow, kasir_shop_setup_window, KASIR, SHOP_SETUP_WINDOW, KasirTillDialog)

/* @settings: the GSettings with the "currency" key (NULL: the application's schema). */
KasirShopSetupWindow *kasir_shop_setup_window_new  (GtkWindow            *parent,
                                                    KasirTillContext     *context,
                                                    GSettings            *settings);
/* Fills the form as a person would (NULL leaves a field as it is). */
void                  kasir_shop_setup_window_fill (KasirShopSetupWindow *self,
                                                    const char           *name,
                                                    const char           *address,
                                                    const char           *tax_number,
                                                    const char           *header,
                                                    const char           *footer,
                                                    const char           *currency,
                                                    const char           *tax_rate,
                                                    gboolean              tax_inclusive);
/* Types @units into the low-stock row; the row's text. */
void                  kasir_shop_setup_window_fill_low_stock (KasirShopSetupWindow *self,
                                                              const char           *units);
const char           *kasir_shop_setup_window_get_low_stock  (KasirShopSetupWindow *self);
/* Checks and writes the form; FALSE with @error (also shown) and nothing written. */
gboolean              kasir_shop_setup_window_save (KasirShopSetupWindow *self,
                                                    GError              **error);
/* TRUE when the shop has a name: its setup was saved once. */
gboolean              kasir_shop_setup_is_done     (KasirDatabase        *database);

G_END_DECLS
