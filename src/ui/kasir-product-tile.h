/* kasir-product-tile.h — one product in the selling grid.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kasir-catalog-model.h"

G_BEGIN_DECLS

/* At or below this many units, the tile marks the stock as low. */
#define KASIR_PRODUCT_TILE_LOW_STOCK 5

#define KASIR_TYPE_PRODUCT_TILE (kasir_product_tile_get_type ())

G_DECLARE_FINAL_TYPE (KasirProductTile, kasir_product_tile, KASIR, PRODUCT_TILE, GtkWidget)

GtkWidget *kasir_product_tile_new      (void);
/* Shows @item (NULL: nothing) with prices in @currency_code. */
void       kasir_product_tile_set_item (KasirProductTile *self,
                                        KasirCatalogItem *item,
                                        const char       *currency_code);

/* Whether the tile shows the product's known stock (the "show-stock-on-tiles" setting). */
void       kasir_product_tile_set_show_stock (KasirProductTile *self,
                                              gboolean          show_stock);

G_END_DECLS
