/* kasir-test-conflicts.c — what test-conflicts and test-outbox-export share: a till synced
 * to the end, taken off and on the network, a cash sale.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "kasir-cart.h"
#include "kasir-catalog-repository.h"
#include "kasir-conflict-repository.h"
#include "kasir-database-private.h"
#include "kasir-key-store.h"
#include "kasir-outbox-export.h"
#include "kasir-outbox-repository.h"
#include "kasir-outbox-transfer.h"
#include "kasir-product-edit-repository.h"
#include "kasir-sales-repository.h"
#include "kasir-sync-history-repository.h"
#include "kasir-test-network-monitor.h"
#include "sync-test-util.h"

#include "kasir-test-conflicts.h"

/* Syncs now and waits until the queue is empty and the service idle again. */
void
sync_till (Till *till)
{
  GDateTime *before = kasir_sync_service_get_last_sync_time (till->service);
  gint64 before_us = before != NULL ? g_date_time_to_unix (before) * G_USEC_PER_SEC
                                      + g_date_time_get_microsecond (before) : 0;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  kasir_sync_service_sync_now (till->service);
  /* A sync that ends after this call, with nothing left to send. */
  while (g_get_monotonic_time () < deadline)
    {
      GDateTime *last = kasir_sync_service_get_last_sync_time (till->service);
      gint64 last_us = last != NULL ? g_date_time_to_unix (last) * G_USEC_PER_SEC
                                      + g_date_time_get_microsecond (last) : 0;

      if (last_us > before_us && kasir_sync_service_get_idle (till->service) &&
          kasir_sync_service_get_pending_count (till->service) == 0 &&
          sync_test_local_query (till->db, "SELECT count(*) FROM outbox WHERE state IN ('pending','in_flight')") == 0)
        return;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_error ("the till did not finish a sync (last error: %s)",
           kasir_sync_service_get_last_error (till->service));
}

void
go_offline (Till *till)
{
  kasir_test_network_monitor_set_available (till->monitor, FALSE);
}

void
go_online (Till *till)
{
  kasir_test_network_monitor_set_available (till->monitor, TRUE);
}

/* Sells @qty of @product_id for cash; returns the receipt number. */
char *
sell (KasirDatabase *db,
      gint64         product_id,
      gint64         qty,
      gint64         staff_id)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(KasirProduct) product = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(GError) error = NULL;

  product = kasir_catalog_repository_get_product (catalog, product_id, &error);
  g_assert_no_error (error);
  kasir_cart_add_product (cart, product, qty);
  g_assert_true (kasir_cart_compute (cart, &error));
  g_assert_no_error (error);
  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH, (cart->total / 1000 + 1) * 1000));
  sale = kasir_cart_to_sale (cart, payments, 0, &error);
  g_assert_no_error (error);
  sale->staff_id = staff_id;
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);

  return g_strdup (sale->receipt_no);
}
