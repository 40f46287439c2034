/* kasir-products-window.h — the manager's products page.
 *
 * Search by name or SKU (the full-text index), filter by category, active or archived
 * products; each row shows the SKU, barcode, price and this till's stock, and marks a
 * product at or below its low-stock threshold. A row opens the product editor; "New
 * Product" opens it empty; "Categories" opens the category list.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kasir-till-dialog.h"

G_BEGIN_DECLS

#define KASIR_TYPE_PRODUCTS_WINDOW (kasir_products_window_get_type ())

G_DECLARE_FINAL_TYPE (KasirProductsWindow, kasir_products_window, KASIR, PRODUCTS_WINDOW, KasirTillDialog)

KasirProductsWindow *kasir_products_window_new         (GtkWindow           *parent,
                                                        KasirTillContext    *context,
                                                        gint64               manager_staff_id);
/* Sets the search text, the category (0: all) and archived, and lists again. */
void                 kasir_products_window_filter      (KasirProductsWindow *self,
                                                        const char          *text,
                                                        gint64               category_id,
                                                        gboolean             archived);
/* Lists only the counted, active products at or below their low-stock level (their own,
 * or the shop's), the lowest first, as the "Low Stock" button does; the category and
 * the search still narrow the list. */
void                 kasir_products_window_set_low_only (KasirProductsWindow *self,
                                                         gboolean             low_only);
/* The number of rows listed, and the product id of row @index. */
guint                kasir_products_window_get_n_rows  (KasirProductsWindow *self);
gint64               kasir_products_window_get_row_id  (KasirProductsWindow *self,
                                                        guint                index);
/* Whether row @index is a new product or a change the server does not have yet (marked
 * "waiting for the server" in the list). */
gboolean             kasir_products_window_get_row_waiting (KasirProductsWindow *self,
                                                            guint                index);
/* Opens the editor for @product_id (0: a new product) and returns it. */
GtkWindow           *kasir_products_window_open_editor (KasirProductsWindow *self,
                                                        gint64               product_id);

/* Writes every product as CSV (the import's columns) to @file, as "Export to CSV" does. */
gboolean             kasir_products_window_export      (KasirProductsWindow *self,
                                                        GFile               *file,
                                                        GError             **error);

G_END_DECLS
