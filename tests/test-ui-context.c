/* test-ui-context.c — the till's context: its properties notify, and the windows and
 * dialogs built with it read the signed-in staff and the open shift from it.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <sodium.h>

#include "kasir-checkout-dialog.h"
#include "kasir-database-private.h"
#include "kasir-pin.h"
#include "kasir-sales-repository.h"
#include "kasir-shift-dialog.h"
#include "kasir-shift-repository.h"
#include "kasir-staff-repository.h"
#include "kasir-till-context.h"
#include "kasir-window.h"

typedef struct
{
  char          *dir;
  KasirDatabase *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint8 key[KASIR_DATABASE_KEY_SIZE];

  f->dir = g_dir_make_tmp ("kasir-ui-context-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "kasir.db", NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  randombytes_buf (key, sizeof key);
  f->db = kasir_database_open_with_key (path, key, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  const char *name;
  g_autoptr(GDir) dir = NULL;

  g_clear_object (&f->db);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

typedef struct
{
  GPtrArray *names;
} Notes;

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           Notes      *notes)
{
  g_ptr_array_add (notes->names, g_strdup (pspec->name));
}

static guint
count (Notes      *notes,
       const char *name)
{
  guint n = 0;

  for (guint i = 0; i < notes->names->len; i++)
    if (g_str_equal (g_ptr_array_index (notes->names, i), name))
      n++;
  return n;
}

static KasirStaff *
staff (gint64      id,
       const char *name)
{
  KasirStaff *s = g_new0 (KasirStaff, 1);

  s->id = id;
  s->name = g_strdup (name);
  s->role = g_strdup ("cashier");
  s->active = TRUE;
  return s;
}

static void
test_properties_notify (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(KasirTillContext) context = kasir_till_context_new (settings);
  g_autoptr(KasirStaff) budi = staff (3, "Budi");
  g_autoptr(KasirStaff) budi_again = staff (3, "Budi");
  g_autoptr(KasirStaff) dewi = staff (4, "Dewi");
  Notes notes = { g_ptr_array_new_with_free_func (g_free) };
  g_autoptr(GPtrArray) names = notes.names;
  g_autoptr(GError) error = NULL;
  KasirSyncService *service;

  g_signal_connect (context, "notify", G_CALLBACK (on_notify), &notes);

  /* The database brings its repositories; setting the same one again says nothing. */
  g_assert_null (kasir_till_context_get_sales_repository (context));
  kasir_till_context_set_database (context, f->db);
  kasir_till_context_set_database (context, f->db);
  g_assert_cmpuint (count (&notes, "database"), ==, 1);
  g_assert_true (kasir_till_context_get_database (context) == f->db);
  g_assert_nonnull (kasir_till_context_get_sales_repository (context));
  g_assert_nonnull (kasir_till_context_get_shift_repository (context));
  g_assert_nonnull (kasir_till_context_get_staff_repository (context));

  service = kasir_sync_service_new (f->db, NULL, &error);
  g_assert_no_error (error);
  g_object_set (context, "sync-service", service, NULL);
  g_assert_cmpuint (count (&notes, "sync-service"), ==, 1);
  g_assert_true (kasir_till_context_get_sync_service (context) == service);
  g_object_unref (service);

  /* Signing in, the same person again, someone else, locking. */
  kasir_till_context_set_staff (context, budi);
  g_assert_cmpuint (count (&notes, "staff-id"), ==, 1);
  g_assert_cmpuint (count (&notes, "staff-name"), ==, 1);
  kasir_till_context_set_staff (context, budi_again);
  g_assert_cmpuint (count (&notes, "staff-id"), ==, 1);
  kasir_till_context_set_staff (context, dewi);
  g_assert_cmpuint (count (&notes, "staff-id"), ==, 2);
  g_assert_cmpint (kasir_till_context_get_staff_id (context), ==, 4);
  g_assert_cmpstr (kasir_till_context_get_staff (context)->name, ==, "Dewi");
  kasir_till_context_set_staff (context, NULL);
  g_assert_cmpuint (count (&notes, "staff-id"), ==, 3);
  g_assert_cmpint (kasir_till_context_get_staff_id (context), ==, 0);

  kasir_till_context_set_shift_id (context, "shift-1");
  kasir_till_context_set_shift_id (context, "shift-1");
  g_assert_cmpuint (count (&notes, "shift-id"), ==, 1);
  kasir_till_context_set_shift_id (context, NULL);
  g_assert_cmpuint (count (&notes, "shift-id"), ==, 2);

  /* The currency follows the setting, and an unknown code falls back. */
  g_assert_cmpstr (kasir_till_context_get_currency (context), ==, "IDR");
  g_settings_set_string (settings, "currency", "USD");
  g_assert_cmpuint (count (&notes, "currency"), ==, 1);
  g_assert_cmpstr (kasir_till_context_get_currency (context), ==, "USD");
  g_settings_set_string (settings, "currency", "XXQ");
  g_assert_cmpstr (kasir_till_context_get_currency (context), ==, "IDR");
  g_assert_cmpuint (count (&notes, "currency"), ==, 2);
  g_settings_reset (settings, "currency");

  /* Work in flight: shutdown waits for it. */
  kasir_till_context_hold_work (context);
  g_assert_cmpuint (kasir_till_context_get_work_count (context), ==, 1);
  g_assert_false (kasir_till_context_shutdown (context, 50));
  g_assert_nonnull (kasir_till_context_get_database (context));
  kasir_till_context_release_work (context);
  g_assert_true (kasir_till_context_shutdown (context, 5000));
  g_assert_null (kasir_till_context_get_sync_service (context));
  g_assert_null (kasir_till_context_get_database (context));

  g_signal_handlers_disconnect_by_data (context, &notes);
}

static KasirSale *
checkout (KasirTillContext *context,
          GtkWindow        *parent)
{
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(KasirProduct) product = kasir_product_new ();
  g_autoptr(GError) error = NULL;
  KasirCheckoutDialog *dialog;
  KasirSale *sale;

  product->id = 1;
  product->name = g_strdup ("Kopi");
  product->sku = g_strdup ("KOPI-001");
  product->price = 15000;
  product->price_version = 1;
  product->version = 1;
  kasir_cart_add_product (cart, product, 1);
  g_assert_true (kasir_cart_compute (cart, &error));

  dialog = kasir_checkout_dialog_new (parent, cart, context);
  g_assert_true (kasir_checkout_dialog_add_payment (dialog, KASIR_PAYMENT_CASH, 15000, &error));
  g_assert_true (kasir_checkout_dialog_commit (dialog, &error));
  g_assert_no_error (error);
  sale = kasir_sale_copy (kasir_checkout_dialog_get_sale (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  return sale;
}

static void
test_checkout_reads_context (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(KasirTillContext) context = kasir_till_context_new (NULL);
  g_autoptr(KasirStaffRepository) staff_repo = kasir_staff_repository_new (f->db);
  g_autoptr(KasirShiftRepository) shifts = kasir_shift_repository_new (f->db);
  g_autoptr(KasirShift) shift = NULL;
  g_autoptr(KasirSale) unsigned_sale = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(KasirSale) in_window = NULL;
  g_autoptr(KasirStaff) cashier = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = kasir_pin_hash ("1357", &error);
  KasirWindow *window;
  gint64 id;

  g_assert_no_error (error);
  id = kasir_staff_repository_add_local (staff_repo, "Budi", "cashier", hash, &error);
  g_assert_no_error (error);
  cashier = kasir_staff_repository_get (staff_repo, id, &error);
  g_assert_no_error (error);
  shift = kasir_shift_repository_open_shift (shifts, id, 0, &error);
  g_assert_no_error (error);
  kasir_till_context_set_database (context, f->db);

  /* Nobody signed in and no shift known to the context: the sale says so, even though
   * the terminal has an open shift (no other rule stands in). */
  unsigned_sale = checkout (context, NULL);
  g_assert_cmpint (unsigned_sale->staff_id, ==, 0);
  g_assert_null (unsigned_sale->shift_id);

  kasir_till_context_set_staff (context, cashier);
  kasir_till_context_set_shift_id (context, shift->id);
  sale = checkout (context, NULL);
  g_assert_cmpint (sale->staff_id, ==, id);
  g_assert_cmpstr (sale->shift_id, ==, shift->id);

  /* Over a window built with the same context: the same answer. */
  window = g_object_new (KASIR_TYPE_WINDOW, "context", context, NULL);
  g_assert_true (kasir_window_get_context (window) == context);
  g_assert_true (kasir_window_get_database (window) == f->db);
  in_window = checkout (context, GTK_WINDOW (window));
  g_assert_cmpint (in_window->staff_id, ==, id);
  g_assert_cmpstr (in_window->shift_id, ==, shift->id);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The window's till.shift opens the shift of whoever the context says is signed in, and
 * the shift it opens becomes the context's. */
static void
test_shift_follows_context (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(KasirTillContext) context = kasir_till_context_new (NULL);
  g_autoptr(KasirStaffRepository) staff_repo = kasir_staff_repository_new (f->db);
  g_autoptr(KasirShiftRepository) shifts = kasir_shift_repository_new (f->db);
  g_autoptr(KasirShift) open = NULL;
  g_autoptr(KasirStaff) cashier = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = kasir_pin_hash ("2468", &error);
  KasirShiftDialog *dialog = NULL;
  KasirWindow *window;
  GListModel *toplevels;
  gint64 id;

  id = kasir_staff_repository_add_local (staff_repo, "Sari", "cashier", hash, &error);
  g_assert_no_error (error);
  cashier = kasir_staff_repository_get (staff_repo, id, &error);
  g_assert_no_error (error);
  kasir_till_context_set_database (context, f->db);
  window = g_object_new (KASIR_TYPE_WINDOW, "context", context, NULL);

  /* Nobody signed in: there is no one to open a shift for. */
  gtk_widget_activate_action (GTK_WIDGET (window), "till.shift", NULL);
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      g_assert_false (KASIR_IS_SHIFT_DIALOG (item));
    }

  kasir_till_context_set_staff (context, cashier);
  gtk_widget_activate_action (GTK_WIDGET (window), "till.shift", NULL);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (KASIR_IS_SHIFT_DIALOG (item))
        dialog = KASIR_SHIFT_DIALOG (item);
    }
  g_assert_nonnull (dialog);
  g_assert_true (kasir_till_dialog_get_context (KASIR_TILL_DIALOG (dialog)) == context);
  kasir_shift_dialog_set_float_text (dialog, "0");
  g_assert_true (kasir_shift_dialog_open_shift (dialog, &error));
  g_assert_no_error (error);
  open = kasir_shift_repository_get_open (shifts, &error);
  g_assert_nonnull (open);
  g_assert_cmpint (open->staff_id, ==, id);
  g_assert_cmpstr (kasir_till_context_get_shift_id (context), ==, open->id);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The sum of the sales in the report totals. */
static gint64
reported_sales (KasirDatabase *db)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (kasir_database_query_int64 (db, "SELECT coalesce(sum(sales), 0) FROM report_sales",
                                             &n, &error));
  g_assert_no_error (error);
  return n;
}

static gboolean
on_waited (gpointer user_data)
{
  gboolean *done = user_data;

  *done = TRUE;
  return G_SOURCE_REMOVE;
}

/* A sale's commit leaves the report totals to a worker a few seconds later, which the
 * context holds as work; shutting down meanwhile drops the wait (a report catches up). */
static void
test_reports_after_sale (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(KasirTillContext) context = kasir_till_context_new (NULL);
  g_autoptr(KasirSale) first = NULL;
  g_autoptr(KasirSale) second = NULL;
  gboolean waited = FALSE;
  gboolean worked = FALSE;

  kasir_till_context_set_database (context, f->db);
  first = checkout (context, NULL);
  g_assert_cmpint (reported_sales (f->db), ==, 0);
  g_timeout_add_seconds (15, on_waited, &waited);
  while (!waited && (reported_sales (f->db) < 1 || kasir_till_context_get_work_count (context) > 0))
    {
      worked |= kasir_till_context_get_work_count (context) > 0;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_false (waited);
  g_assert_true (worked);
  g_assert_cmpint (reported_sales (f->db), ==, 1);

  second = checkout (context, NULL);
  g_assert_true (kasir_till_context_shutdown (context, 5000));
  g_assert_cmpuint (kasir_till_context_get_work_count (context), ==, 0);
  g_assert_cmpint (reported_sales (f->db), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/Kasir/UiContext/properties-notify", Fixture, NULL,
              fixture_set_up, test_properties_notify, fixture_tear_down);
  g_test_add ("/Kasir/UiContext/checkout-reads-context", Fixture, NULL,
              fixture_set_up, test_checkout_reads_context, fixture_tear_down);

  g_test_add ("/Kasir/UiContext/reports-after-sale", Fixture, NULL,
              fixture_set_up, test_reports_after_sale, fixture_tear_down);
  g_test_add ("/Kasir/UiContext/shift-follows-context", Fixture, NULL,
              fixture_set_up, test_shift_follows_context, fixture_tear_down);

  return g_test_run ();
}
