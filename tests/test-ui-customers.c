/* test-ui-customers.c — customers and loyalty at the till, through the real widgets and
 * a real encrypted database: a customer attached by search and by a scanned member
 * card, one made offline (and bad input refused at the field, nothing written), points
 * redeemed within the balance the till knows (more is refused), points earned on the
 * sale, the receipt and the customer's history.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <sodium.h>

#include "kasir-window.h"
#include "kasir-selling-view.h"
#include "kasir-cart-view.h"
#include "kasir-checkout-dialog.h"
#include "kasir-customer-bar.h"
#include "kasir-customer-dialog.h"
#include "kasir-customer-history.h"
#include "kasir-customer-repository.h"
#include "kasir-receipt-view.h"
#include "kasir-catalog-repository.h"
#include "kasir-outbox-repository.h"
#include "kasir-sales-repository.h"
#include "kasir-settings-repository.h"
#include "kasir-setting-keys.h"
#include "kasir-sync-state-repository.h"
#include "kasir-database-private.h"
#include "ui-test-util.h"

typedef struct
{
  char          *dir;
  char          *path;
  guint8         key[KASIR_DATABASE_KEY_SIZE];
  KasirDatabase *db;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static gint64
query (KasirDatabase *db,
       const char    *sql)
{
  sqlite3_stmt *stmt;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (kasir_database_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static KasirCustomer *
member (gint64      id,
        const char *name,
        const char *phone,
        const char *code,
        gint64      points)
{
  KasirCustomer *c = kasir_customer_new ();

  c->id = id;
  c->name = g_strdup (name);
  c->phone = g_strdup (phone);
  c->member_code = g_strdup (code);
  c->loyalty_points = points;
  c->version = 1;
  return c;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirCatalogRepository) catalog = NULL;
  g_autoptr(KasirSyncStateRepository) sync_state = NULL;
  g_autoptr(KasirCustomerRepository) customers = NULL;
  g_autoptr(KasirSettingsRepository) settings = NULL;
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_customer_free);
  KasirProduct *p = kasir_product_new ();

  f->dir = g_dir_make_tmp ("kasir-ui-customers-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "kasir.db", NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  randombytes_buf (f->key, sizeof f->key);
  f->db = kasir_database_open_with_key (f->path, f->key, &error);
  g_assert_no_error (error);

  sync_state = kasir_sync_state_repository_new (f->db);
  g_assert_true (kasir_sync_state_repository_set_identity (sync_state, 7, 1, "https://kasir.invalid", &error));

  p->id = 1;
  p->name = g_strdup ("Kopi Susu Gula Aren");
  p->sku = g_strdup ("KOPI-001");
  p->barcode = g_strdup ("8991234567890");
  p->price = 25000;
  p->price_version = 1;
  p->tax_rate_bp = 1100;
  p->version = 1;
  g_ptr_array_add (products, p);
  catalog = kasir_catalog_repository_new (f->db);
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_no_error (error);

  g_ptr_array_add (people, member (5, "Rina Wati", "0813-5550-0017", "M-0005", 300));
  g_ptr_array_add (people, member (6, "Rudi Hartono", "081299990006", NULL, 0));
  customers = kasir_customer_repository_new (f->db);
  g_assert_true (kasir_customer_repository_upsert (customers, people, &error));
  g_assert_no_error (error);

  /* One point per Rp 1,000 of the net total; a point pays Rp 10. */
  settings = kasir_settings_repository_new (f->db);
  g_assert_true (kasir_settings_repository_set_int64 (settings, KASIR_SETTING_LOYALTY_EARN_PER, 1000, &error));
  g_assert_true (kasir_settings_repository_set_int64 (settings, KASIR_SETTING_LOYALTY_POINT_VALUE, 10, &error));
  /* These tests sell without a shift (the shop's rule is tested in ui-selling). */
  g_assert_true (kasir_settings_repository_set_int64 (settings, KASIR_SETTING_SHIFT_REQUIRED, 0, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->db);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static KasirWindow *
make_window (Fixture *f)
{
  KasirWindow *window = g_object_new (KASIR_TYPE_WINDOW, NULL);

  kasir_window_set_database (window, f->db);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();

  return window;
}

static void
destroy_window (KasirWindow *window)
{
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_assert_null (window);
}

static const KasirCart *
cart_of (KasirSellingView *view)
{
  return kasir_cart_view_get_cart (kasir_selling_view_get_cart_view (view));
}

static gint64
outbox_count (Fixture *f)
{
  return query (f->db, "SELECT count(*) FROM outbox");
}

/* The first button inside @widget, depth first. */
static GtkWidget *
find_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The customer history window on screen, or NULL. */
static KasirCustomerHistory *
find_history (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (KASIR_IS_CUSTOMER_HISTORY (window))
        return KASIR_CUSTOMER_HISTORY (window);
    }
  return NULL;
}

static void
test_attach_by_search_and_card (Fixture       *f,
                                gconstpointer  data)
{
  KasirWindow *window = make_window (f);
  KasirSellingView *view = kasir_window_get_selling_view (window);
  KasirCustomerBar *bar = kasir_selling_view_get_customer_bar (view);
  KasirCustomerDialog *dialog;

  g_assert_nonnull (bar);
  g_assert_cmpint (cart_of (view)->customer_id, ==, 0);

  /* Ctrl+M: the customer dialog; "rin" finds Rina by name, "5550" by her phone. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.customer", NULL));
  dialog = KASIR_CUSTOMER_DIALOG (kasir_customer_bar_get_window (bar));
  g_assert_nonnull (dialog);
  kasir_customer_dialog_search (dialog, "rin");
  g_assert_cmpuint (kasir_customer_dialog_get_n_results (dialog), ==, 1);
  kasir_customer_dialog_search (dialog, "5550");
  g_assert_cmpuint (kasir_customer_dialog_get_n_results (dialog), ==, 1);
  kasir_customer_dialog_search (dialog, "M-0005");
  g_assert_cmpuint (kasir_customer_dialog_get_n_results (dialog), ==, 1);
  kasir_customer_dialog_search (dialog, "r");
  g_assert_cmpuint (kasir_customer_dialog_get_n_results (dialog), ==, 2);
  kasir_test_render (GTK_WIDGET (dialog), "customer-attach.png");
  /* Each result opens the customer's history too. */
  {
    GtkWidget *button = find_button (kasir_customer_dialog_get_row (dialog, 0));
    KasirCustomerHistory *history;

    g_assert_nonnull (button);
    g_signal_emit_by_name (button, "clicked");
    iterate ();
    history = find_history ();
    g_assert_nonnull (history);
    g_assert_nonnull (strstr (kasir_customer_history_get_balance (history), "300"));
    gtk_window_destroy (GTK_WINDOW (history));
    iterate ();
  }
  /* Activating Rina's row attaches her and closes the dialog. */
  g_signal_emit_by_name (gtk_widget_get_parent (kasir_customer_dialog_get_row (dialog, 0)), "row-activated",
                         kasir_customer_dialog_get_row (dialog, 0));
  iterate ();
  g_assert_null (kasir_customer_bar_get_window (bar));
  g_assert_cmpint (cart_of (view)->customer_id, ==, 5);
  g_assert_nonnull (strstr (kasir_customer_bar_get_text (bar), "Rina Wati"));
  g_assert_nonnull (strstr (kasir_customer_bar_get_text (bar), "300 points"));

  /* Detach, then a scanned member card attaches her again; an unknown code does not. */
  g_assert_true (kasir_customer_bar_attach (bar, 0, NULL));
  g_assert_cmpint (cart_of (view)->customer_id, ==, 0);
  g_assert_false (kasir_selling_view_add_code (view, "M-9999", NULL));
  g_assert_cmpint (cart_of (view)->customer_id, ==, 0);
  g_assert_true (kasir_selling_view_add_code (view, "M-0005", NULL));
  g_assert_cmpint (cart_of (view)->customer_id, ==, 5);
  /* A product's barcode still sells the product; the member stays on the sale. */
  g_assert_true (kasir_selling_view_add_code (view, "8991234567890", NULL));
  g_assert_cmpuint (cart_of (view)->lines->len, ==, 1);
  g_assert_cmpint (cart_of (view)->customer_id, ==, 5);
  g_assert_nonnull (strstr (kasir_customer_bar_get_text (bar), "earns 25"));
  if (g_getenv ("KASIR_SCREENSHOT_DIR") != NULL)
    kasir_test_render (GTK_WIDGET (window), "customer-on-cart.png");

  destroy_window (window);
}

static void
test_create_offline (Fixture       *f,
                     gconstpointer  data)
{
  KasirWindow *window = make_window (f);
  KasirSellingView *view = kasir_window_get_selling_view (window);
  KasirCustomerBar *bar = kasir_selling_view_get_customer_bar (view);
  KasirCustomerDialog *dialog;
  g_autoptr(GError) error = NULL;
  gint64 before = outbox_count (f);
  gint64 customers = query (f->db, "SELECT count(*) FROM customers");
  gint64 id;
  g_autoptr(KasirStaffRepository) staff = kasir_staff_repository_new (f->db);
  g_autoptr(KasirStaff) cashier = kasir_staff_repository_get (staff, kasir_test_add_staff (f->db, "Ayu", "cashier",
                                                                                          "4826"), NULL);

  /* A customer made here names the cashier who made it. */
  g_assert_nonnull (cashier);
  kasir_till_context_set_staff (kasir_window_get_context (window), cashier);
  kasir_customer_bar_choose (bar);
  dialog = KASIR_CUSTOMER_DIALOG (kasir_customer_bar_get_window (bar));

  /* Bad input: a message at the form, nothing written, the dialog stays. */
  g_assert_cmpint (kasir_customer_dialog_create (dialog, "Sari", "0812-abc", "", &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_INVALID);
  g_assert_nonnull (kasir_customer_dialog_get_message (dialog));
  g_clear_error (&error);
  g_assert_cmpint (kasir_customer_dialog_create (dialog, "   ", "0812", "", &error), ==, 0);
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_cmpint (outbox_count (f), ==, before);
  g_assert_cmpint (query (f->db, "SELECT count(*) FROM customers"), ==, customers);
  g_assert_true (kasir_customer_bar_get_window (bar) == GTK_WINDOW (dialog));

  /* A good one: customer.upsert queued with the provisional row, attached at once. */
  id = kasir_customer_dialog_create (dialog, "Sari Dewi", "081255501234", "M-0777", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, <, 0);
  iterate ();
  g_assert_cmpint (outbox_count (f), ==, before + 1);
  g_assert_cmpint (query (f->db, "SELECT count(*) FROM outbox WHERE type = 'customer.upsert'"), ==, 1);
  g_assert_cmpint (query (f->db, "SELECT count(*) FROM customers WHERE id < 0 AND client_id IS NOT NULL "
                                 "AND member_code = 'M-0777'"), ==, 1);
  g_assert_cmpint (cart_of (view)->customer_id, ==, id);
  g_assert_nonnull (strstr (kasir_customer_bar_get_text (bar), "Sari Dewi"));

  destroy_window (window);
}

static void
test_points_at_checkout (Fixture       *f,
                         gconstpointer  data)
{
  KasirWindow *window = make_window (f);
  KasirSellingView *view = kasir_window_get_selling_view (window);
  KasirCustomerBar *bar = kasir_selling_view_get_customer_bar (view);
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (f->db);
  g_autoptr(KasirSale) stored = NULL;
  g_autoptr(GError) error = NULL;
  KasirCheckoutDialog *dialog;
  KasirCustomerHistory *history;
  const KasirSale *sale;
  gint64 before;

  g_assert_true (kasir_selling_view_add_code (view, "8991234567890", NULL));
  g_assert_true (kasir_selling_view_add_code (view, "8991234567890", NULL));
  g_assert_true (kasir_customer_bar_attach (bar, 5, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.pay", NULL));
  dialog = kasir_selling_view_get_checkout_dialog (view);
  g_assert_nonnull (dialog);
  iterate ();

  /* Rina has 300 points (Rp 3,000): Rp 3,010 is more than her balance; refused at the
   * amount, nothing paid, nothing written. */
  before = outbox_count (f);
  g_assert_false (kasir_checkout_dialog_add_payment (dialog, KASIR_PAYMENT_POINTS, 3010, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE);
  g_assert_nonnull (strstr (kasir_checkout_dialog_get_message (dialog), "300"));
  g_clear_error (&error);
  g_assert_cmpint (kasir_checkout_dialog_get_remaining (dialog), ==, 50000);
  g_assert_cmpint (outbox_count (f), ==, before);

  /* 200 points pay Rp 2,000, then another 200 would go past the balance. */
  g_assert_true (kasir_checkout_dialog_add_payment (dialog, KASIR_PAYMENT_POINTS, 2000, &error));
  g_assert_no_error (error);
  g_assert_false (kasir_checkout_dialog_add_payment (dialog, KASIR_PAYMENT_POINTS, 2000, &error));
  g_clear_error (&error);
  g_assert_cmpint (kasir_checkout_dialog_get_remaining (dialog), ==, 48000);
  g_assert_true (kasir_checkout_dialog_add_payment (dialog, KASIR_PAYMENT_CASH, 50000, &error));
  g_assert_true (kasir_checkout_dialog_commit (dialog, &error));
  g_assert_no_error (error);

  /* Earned on what was paid in money: floor(48,000 / 1,000) = 48. */
  sale = kasir_checkout_dialog_get_sale (dialog);
  g_assert_cmpint (sale->customer_id, ==, 5);
  g_assert_cmpint (sale->loyalty_redeemed, ==, 200);
  g_assert_cmpint (sale->loyalty_earned, ==, 48);
  g_assert_cmpint (sale->change, ==, 2000);
  {
    const char *text = kasir_receipt_view_get_text (kasir_checkout_dialog_get_receipt_view (dialog));

    g_assert_nonnull (strstr (text, "Rina Wati (M-0005)"));
    g_assert_nonnull (strstr (text, "Points earned"));
    g_assert_nonnull (strstr (text, "Points redeemed"));
  }
  /* The balance the till knows follows the sale: 300 - 200 + 48. */
  g_assert_cmpint (query (f->db, "SELECT loyalty_points FROM customers WHERE id = 5"), ==, 148);
  g_assert_cmpint (query (f->db, "SELECT loyalty_earned FROM sales WHERE customer_id = 5"), ==, 48);
  stored = kasir_sales_repository_get_by_receipt (sales, sale->receipt_no, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->loyalty_redeemed, ==, 200);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "checkout.close", NULL));
  iterate ();

  /* The history lists the sale with its points, and the balance. */
  history = kasir_customer_history_new (GTK_WINDOW (window), kasir_window_get_context (window), 5);
  g_assert_cmpuint (kasir_customer_history_get_n_sales (history), ==, 1);
  g_assert_nonnull (strstr (kasir_customer_history_get_balance (history), "148"));
  gtk_window_destroy (GTK_WINDOW (history));

  destroy_window (window);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/Kasir/UICustomers/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("attach-by-search-and-card", test_attach_by_search_and_card);
  ADD ("create-offline", test_create_offline);
  ADD ("points-at-checkout", test_points_at_checkout);

#undef ADD

  return g_test_run ();
}
