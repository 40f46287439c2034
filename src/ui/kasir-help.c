/* kasir-help.c — which help page belongs to which screen.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kasir-cash-dialog.h"
#include "kasir-catalog-import-dialog.h"
#include "kasir-categories-dialog.h"
#include "kasir-checkout-dialog.h"
#include "kasir-conflict-window.h"
#include "kasir-customer-dialog.h"
#include "kasir-customer-history.h"
#include "kasir-held-sales-window.h"
#include "kasir-help.h"
#include "kasir-outbox-transfer-dialog.h"
#include "kasir-pin-dialog.h"
#include "kasir-preferences-window.h"
#include "kasir-product-edit-dialog.h"
#include "kasir-product-editor.h"
#include "kasir-products-window.h"
#include "kasir-refund-dialog.h"
#include "kasir-report-window.h"
#include "kasir-sales-history-window.h"
#include "kasir-setup-window.h"
#include "kasir-shift-dialog.h"
#include "kasir-shop-setup-window.h"
#include "kasir-staff-window.h"
#include "kasir-sync-dashboard.h"
#include "kasir-window.h"

const char *
kasir_help_page_for_type (GType type)
{
  /* One row per screen; the pages are help/C/<page>.page. */
  const struct { GType type; const char *page; } pages[] = {
    { KASIR_TYPE_WINDOW, "selling" },
    { KASIR_TYPE_CHECKOUT_DIALOG, "selling" },
    { KASIR_TYPE_HELD_SALES_WINDOW, "hold" },
    { KASIR_TYPE_SETUP_WINDOW, "first-run" },
    { KASIR_TYPE_SHOP_SETUP_WINDOW, "first-run" },
    { KASIR_TYPE_PREFERENCES_WINDOW, "preferences" },
    { KASIR_TYPE_REFUND_DIALOG, "refunds" },
    { KASIR_TYPE_SALES_HISTORY_WINDOW, "refunds" },
    { KASIR_TYPE_CUSTOMER_DIALOG, "customers" },
    { KASIR_TYPE_CUSTOMER_HISTORY, "customers" },
    { KASIR_TYPE_PIN_DIALOG, "approvals" },
    { KASIR_TYPE_SHIFT_DIALOG, "shifts" },
    { KASIR_TYPE_CASH_DIALOG, "shifts" },
    { KASIR_TYPE_REPORT_WINDOW, "reports" },
    { KASIR_TYPE_SYNC_DASHBOARD, "sync-dashboard" },
    { KASIR_TYPE_CONFLICT_WINDOW, "conflicts" },
    { KASIR_TYPE_PRODUCTS_WINDOW, "products" },
    { KASIR_TYPE_PRODUCT_EDIT_DIALOG, "products" },
    { KASIR_TYPE_PRODUCT_EDITOR, "products" },
    { KASIR_TYPE_CATEGORIES_DIALOG, "products" },
    { KASIR_TYPE_CATALOG_IMPORT_DIALOG, "products" },
    { KASIR_TYPE_STAFF_WINDOW, "staff" },
    { KASIR_TYPE_OUTBOX_TRANSFER_DIALOG, "outbox-file" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_type_is_a (type, pages[i].type))
      return pages[i].page;
  return NULL;
}

char *
kasir_help_page_for_window (GtkWindow *window)
{
  for (GtkWindow *w = window; w != NULL; w = gtk_window_get_transient_for (w))
    {
      const char *page;

      if (KASIR_IS_WINDOW (w) &&
          kasir_window_get_startup_problem (KASIR_WINDOW (w)) != KASIR_STARTUP_OK)
        return g_strconcat ("troubleshooting#",
                            kasir_startup_problem_get_id (kasir_window_get_startup_problem (KASIR_WINDOW (w))),
                            NULL);
      page = kasir_help_page_for_type (G_OBJECT_TYPE (w));
      if (page != NULL)
        return g_strdup (page);
    }
  return g_strdup ("index");
}
