/* kasir-selling-view.h — the till: catalog, search, scanner input and the cart.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kasir-database.h"
#include "kasir-sync-service.h"
#include "kasir-catalog-model.h"
#include "kasir-cart-view.h"
#include "kasir-checkout-dialog.h"
#include "kasir-till-context.h"
#include "kasir-scanner.h"
#include "kasir-customer-bar.h"

G_BEGIN_DECLS

#define KASIR_TYPE_SELLING_VIEW (kasir_selling_view_get_type ())

G_DECLARE_FINAL_TYPE (KasirSellingView, kasir_selling_view, KASIR, SELLING_VIEW, GtkWidget)

GtkWidget           *kasir_selling_view_new                 (void);

void                 kasir_selling_view_set_context         (KasirSellingView  *self,
                                                             KasirTillContext  *context);
/* Reads the catalog and restores the saved cart from @database (main-thread connection). */
gboolean             kasir_selling_view_set_database        (KasirSellingView  *self,
                                                             KasirDatabase     *database,
                                                             GError           **error);
void                 kasir_selling_view_set_sync_service    (KasirSellingView  *self,
                                                             KasirSyncService  *service);

/* Finds a product by exact barcode or SKU and adds one to the cart. */
gboolean             kasir_selling_view_add_code            (KasirSellingView  *self,
                                                             const char        *code,
                                                             GError           **error);
/* Feeds one key press in the view's window to its scanner, as the window's key
 * controller does. @time_ms is the event time. Returns TRUE when the key completed a
 * scanned code (which was then looked up) and must not reach the focused widget. */
gboolean             kasir_selling_view_scanner_key         (KasirSellingView  *self,
                                                             guint              keyval,
                                                             guint32            time_ms);
/* The scanner watching the view's window and the dialogs over it. */
KasirScanner        *kasir_selling_view_get_scanner         (KasirSellingView  *self);
/* The customer on the sale, under the cart (NULL until the context is given). */
KasirCustomerBar    *kasir_selling_view_get_customer_bar    (KasirSellingView  *self);
/* Empties the cart at once, without asking. */
void                 kasir_selling_view_new_sale            (KasirSellingView  *self);
/* Focuses the search field. */
void                 kasir_selling_view_focus_search        (KasirSellingView  *self);

KasirCatalogModel   *kasir_selling_view_get_catalog_model   (KasirSellingView  *self);
KasirCartView       *kasir_selling_view_get_cart_view       (KasirSellingView  *self);
GtkEditable         *kasir_selling_view_get_search_entry    (KasirSellingView  *self);
GtkGridView         *kasir_selling_view_get_grid_view       (KasirSellingView  *self);
/* The payment dialog while it is open, or NULL. */
KasirCheckoutDialog *kasir_selling_view_get_checkout_dialog (KasirSellingView  *self);
/* The message the view shows for the last scan or search, or NULL. */
const char          *kasir_selling_view_get_message         (KasirSellingView  *self);

G_END_DECLS
