/* test-ui-manager.c — the manager's windows against real tills and a real kasir-server:
 * the conflict review (list, side by side, resolving, "already resolved"), its history
 * and CSV, the sync dashboard with a rejected change, the 24-hour chart and the PIN
 * prompt.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "kasir-application.h"
#include "kasir-cart.h"
#include "kasir-catalog-repository.h"
#include "kasir-conflict-repository.h"
#include "kasir-conflict-window.h"
#include "kasir-database-private.h"
#include "kasir-pin-dialog.h"
#include "kasir-text-row.h"
#include "kasir-outbox-export.h"
#include "kasir-outbox-repository.h"
#include "kasir-outbox-transfer.h"
#include "kasir-outbox-transfer-dialog.h"
#include "kasir-pin.h"
#include "kasir-product-edit-dialog.h"
#include "kasir-product-edit-repository.h"
#include "kasir-sales-repository.h"
#include "kasir-staff-repository.h"
#include "kasir-sync-chart.h"
#include "kasir-sync-dashboard.h"
#include "kasir-sync-history-repository.h"
#include "kasir-test-network-monitor.h"
#include "kasir-window.h"
#include "sync-test-util.h"
#include "ui-test-util.h"

static KasirApplication *application;

static KasirApplication *
get_application (void)
{
  g_autoptr(GError) error = NULL;

  if (application != NULL)
    return application;
  application = g_object_new (KASIR_TYPE_APPLICATION,
                              "application-id", APP_ID ".TestUiManager",
                              "resource-base-path", RESOURCE_BASE,
                              "flags", G_APPLICATION_NON_UNIQUE,
                              NULL);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  return application;
}

/* The manager's count badge in @window's header bar. */
static GtkWidget *
find_badge (KasirWindow *window)
{
  GtkWidget *badge = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), KASIR_TYPE_WINDOW,
                                                                "conflicts_button"));

  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (badge)), ==, "manager.conflicts");
  return badge;
}

static gboolean
badge_hidden (gpointer data)
{
  return !gtk_widget_get_visible (find_badge (data));
}

typedef SyncTestTill Till;

typedef SyncTestOutlet Fixture;

static void
spin (double seconds)
{
  gint64 until = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < until)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

static gint64
time_us (GDateTime *time)
{
  return time != NULL ? g_date_time_to_unix (time) * G_USEC_PER_SEC
                        + g_date_time_get_microsecond (time) : 0;
}

/* Syncs now and waits until the queue is empty and the service idle again. */
static void
sync_till (Till *till)
{
  gint64 before_us = time_us (kasir_sync_service_get_last_sync_time (till->service));
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  kasir_sync_service_sync_now (till->service);
  while (g_get_monotonic_time () < deadline)
    {
      if (time_us (kasir_sync_service_get_last_sync_time (till->service)) > before_us &&
          kasir_sync_service_get_idle (till->service) &&
          kasir_sync_service_get_pending_count (till->service) == 0 &&
          sync_test_local_query (till->db, "SELECT count(*) FROM outbox WHERE state IN ('pending','in_flight')") == 0)
        return;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_error ("the till did not finish a sync (last error: %s)",
           kasir_sync_service_get_last_error (till->service));
}

static void
set_online (Till     *till,
            gboolean  online)
{
  kasir_test_network_monitor_set_available (till->monitor, online);
}

/* Sells @qty of @product_id for cash. */
static void
sell (KasirDatabase *db,
      gint64         product_id,
      gint64         qty)
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
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
}

static gint64
manager_of (KasirDatabase *db)
{
  gint64 id = sync_test_local_query (db, "SELECT min(id) FROM staff WHERE outlet_id = 1 AND role = 'manager'");

  g_assert_cmpint (id, >, 0);
  return id;
}

static char *
staff_name_of (KasirDatabase *db,
               gint64         id)
{
  g_autoptr(KasirStaffRepository) repo = kasir_staff_repository_new (db);
  g_autoptr(KasirStaff) staff = kasir_staff_repository_get (repo, id, NULL);

  g_assert_nonnull (staff);
  return g_strdup (staff->name);
}

/* Pixels whose colour is neither transparent nor the first pixel's (the background). */
static guint
count_drawn_pixels (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guint32 *data = g_malloc ((gsize) height * stride);
  guint drawn = 0;

  gdk_texture_download (texture, (guchar *) data, stride);
  for (int i = 0; i < width * height; i++)
    if ((data[i] >> 24) != 0 && data[i] != data[0])
      drawn++;
  return drawn;
}

static KasirTextRow *
row_at (GListModel *model,
        guint       position)
{
  KasirTextRow *row = g_list_model_get_item (model, position);

  g_object_unref (row);   /* the model keeps it */
  return row;
}

typedef struct
{
  GListModel *model;
  int         state;
} RowWait;

static gboolean
first_row_in_state (gpointer data)
{
  RowWait *w = data;

  return g_list_model_get_n_items (w->model) > 0 &&
         kasir_text_row_get_state (row_at (w->model, 0)) == w->state;
}

static void
present (GtkWindow *window)
{
  gtk_window_present (window);
  /* Lets the window map, lay out and draw a frame. */
  spin (0.5);
}

/* Two tills sell the last units offline: the stock shortage shows in both tills' review
 * lists; A's manager resolves it through the detail view (pending, then applied); B's,
 * who decided offline, ends up "already resolved by" A's manager. */
static void
test_conflict_review (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *manager_name = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *terminal_b = NULL;
  g_autoptr(GFile) csv_file = NULL;
  g_autoptr(GdkTexture) shot = NULL;
  KasirConflictWindow *window_a, *window_b;
  KasirConflictDetailView *detail;
  KasirWindow *main_window;
  GtkWidget *badge;
  GListModel *model_a, *model_b;
  KasirTextRow *row;
  RowWait wait;
  gint64 product, stock, conflict_id;
  gint64 manager_a = manager_of (f->a.db);
  gint64 manager_b = manager_of (f->b.db);

  product = sync_test_local_query (f->a.db, "SELECT min(product_id) FROM stock WHERE outlet_id = 1 "
                                "AND qty BETWEEN 2 AND 500 AND product_id <= 200");
  g_assert_cmpint (product, >, 0);
  sql = g_strdup_printf ("SELECT qty FROM stock WHERE product_id = %" G_GINT64_FORMAT
                         " AND outlet_id = 1", product);
  stock = sync_test_local_query (f->a.db, sql);
  manager_name = staff_name_of (f->a.db, manager_a);
  /* Both tills asked for "Till": the first enrolled kept it, the second is "Till 2"; the
   * review names B so, not by its number. */
  terminal_b = g_strdup (sync_test_local_query (f->b.db, "SELECT terminal_id FROM sync_state WHERE id = 1")
                         > sync_test_local_query (f->a.db, "SELECT terminal_id FROM sync_state WHERE id = 1")
                         ? "Till 2" : "Till");

  set_online (&f->a, FALSE);
  set_online (&f->b, FALSE);
  sell (f->a.db, product, stock);
  sell (f->b.db, product, 1);
  set_online (&f->a, TRUE);
  sync_till (&f->a);
  set_online (&f->b, TRUE);
  sync_till (&f->b);
  sync_till (&f->a);

  /* The main window's badge counts the open conflict. */
  main_window = kasir_window_new (get_application (), NULL);
  kasir_window_set_database (main_window, f->a.db);
  kasir_window_set_sync_service (main_window, f->a.service);
  present (GTK_WINDOW (main_window));
  badge = find_badge (main_window);
  g_assert_nonnull (badge);
  g_assert_true (gtk_widget_get_visible (badge));
  {
    GtkWidget *box = gtk_button_get_child (GTK_BUTTON (badge));

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_last_child (box))), ==, "1");
  }

  /* The list, with the right columns. */
  window_a = kasir_conflict_window_new (NULL, kasir_test_context (f->a.db, f->a.service, NULL), manager_a);
  present (GTK_WINDOW (window_a));
  model_a = kasir_conflict_window_get_model (window_a);
  g_assert_cmpuint (g_list_model_get_n_items (model_a), ==, 1);
  row = row_at (model_a, 0);
  conflict_id = kasir_text_row_get_id (row);
  g_assert_cmpint (conflict_id, >, 0);
  g_assert_cmpstr (kasir_text_row_get_cell (row, KASIR_CONFLICT_COLUMN_KIND), ==, "Stock shortage");
  g_assert_cmpstr (kasir_text_row_get_cell (row, KASIR_CONFLICT_COLUMN_TERMINAL), ==, terminal_b);
  g_assert_cmpstr (kasir_text_row_get_cell (row, KASIR_CONFLICT_COLUMN_AMOUNT), ==, "1 unit");
  g_assert_cmpstr (kasir_text_row_get_cell (row, KASIR_CONFLICT_COLUMN_STATUS), ==, "Open");
  g_assert_cmpstr (kasir_text_row_get_cell (row, KASIR_CONFLICT_COLUMN_WHAT), !=, "");
  g_assert_cmpuint (strlen (kasir_text_row_get_cell (row, KASIR_CONFLICT_COLUMN_WHEN)), ==,
                    strlen ("2026-11-22 08:15"));
  g_assert_cmpint (kasir_text_row_get_state (row), ==, KASIR_LOCAL_RESOLUTION_NONE);

  /* Filters: none of another kind, and it is among the open ones. */
  kasir_conflict_window_set_filter (window_a, -1, KASIR_CONFLICT_LOYALTY_OVERSPENT);
  g_assert_cmpuint (g_list_model_get_n_items (model_a), ==, 0);
  kasir_conflict_window_set_filter (window_a, KASIR_CONFLICT_RESOLVED, -1);
  g_assert_cmpuint (g_list_model_get_n_items (model_a), ==, 0);
  kasir_conflict_window_set_filter (window_a, KASIR_CONFLICT_OPEN, KASIR_CONFLICT_STOCK_SHORTAGE);
  g_assert_cmpuint (g_list_model_get_n_items (model_a), ==, 1);
  kasir_conflict_window_set_filter (window_a, -1, -1);

  /* Side by side: the quantity differs. */
  g_assert_true (kasir_conflict_window_select (window_a, conflict_id));
  detail = kasir_conflict_window_get_detail (window_a);
  g_assert_cmpint (kasir_conflict_detail_view_get_conflict_id (detail), ==, conflict_id);
  g_assert_cmpuint (kasir_conflict_detail_view_get_n_differing (detail), >=, 1);
  /* A did not make the sale, so it cannot void it; it still sees what B sold, by name. */
  g_assert_false (kasir_conflict_detail_view_choose (detail, "void_sale"));
  {
    g_autofree char *origin = kasir_conflict_detail_view_dup_origin_text (detail);

    g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (f->a.db);
    g_autoptr(KasirProduct) sold = kasir_catalog_repository_get_product (catalog, product, NULL);
    g_autofree char *numbered = g_strdup_printf ("Product %" G_GINT64_FORMAT, product);

    g_test_message ("%s", origin);
    g_assert_null (strstr (origin, "kept there"));
    g_assert_nonnull (strstr (origin, " × "));
    /* The product by its name, in the list and in B's lines; never by its number. */
    g_assert_nonnull (sold);
    g_assert_nonnull (strstr (origin, sold->name));
    g_assert_null (strstr (origin, numbered));
    g_assert_nonnull (strstr (kasir_text_row_get_cell (row_at (model_a, 0), KASIR_CONFLICT_COLUMN_WHAT), sold->name));
  }
  spin (0.3);
  g_clear_object (&shot);
  shot = kasir_test_render (GTK_WIDGET (window_a), "conflict-window.png");
  g_assert_cmpuint (count_drawn_pixels (shot), >, 1000);

  /* B, offline, decides too. */
  window_b = kasir_conflict_window_new (NULL, kasir_test_context (f->b.db, f->b.service, NULL), manager_b);
  present (GTK_WINDOW (window_b));
  model_b = kasir_conflict_window_get_model (window_b);
  g_assert_cmpuint (g_list_model_get_n_items (model_b), ==, 1);
  {
    g_autofree char *mine = g_strconcat (terminal_b, " (this till)", NULL);

    g_assert_cmpstr (kasir_text_row_get_cell (row_at (model_b, 0), KASIR_CONFLICT_COLUMN_TERMINAL), ==,
                     mine);
  }
  set_online (&f->b, FALSE);
  g_assert_true (kasir_conflict_window_select (window_b, conflict_id));
  detail = kasir_conflict_window_get_detail (window_b);
  g_assert_true (kasir_conflict_detail_view_choose (detail, "accept"));
  kasir_conflict_detail_view_set_note (detail, "Delivery tomorrow");
  g_assert_true (kasir_conflict_detail_view_resolve (detail, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kasir_text_row_get_state (row_at (model_b, 0)), ==, KASIR_LOCAL_RESOLUTION_PENDING);

  /* A: a note is required for a stock decision; without one nothing is queued. */
  set_online (&f->a, FALSE);
  detail = kasir_conflict_window_get_detail (window_a);
  g_assert_true (kasir_conflict_detail_view_choose (detail, "counted_stock"));
  kasir_conflict_detail_view_set_counted (detail, 7);
  g_assert_false (kasir_conflict_detail_view_resolve (detail, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM outbox WHERE type = 'conflict.resolve'"), ==, 0);
  kasir_conflict_detail_view_set_note (detail, "Counted the shelf twice");
  /* Through the widget's action, as the Resolve button does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "detail.resolve", NULL));
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM outbox WHERE type = 'conflict.resolve' "
                                       "AND state = 'pending'"), ==, 1);
  row = row_at (model_a, 0);
  g_assert_cmpint (kasir_text_row_get_id (row), ==, conflict_id);
  g_assert_cmpint (kasir_text_row_get_state (row), ==, KASIR_LOCAL_RESOLUTION_PENDING);
  g_assert_true (g_str_has_prefix (kasir_text_row_get_cell (row, KASIR_CONFLICT_COLUMN_STATUS), "Pending"));

  /* A syncs first: the window reloads by itself and the row shows applied. */
  set_online (&f->a, TRUE);
  sync_till (&f->a);
  wait.model = model_a;
  wait.state = KASIR_LOCAL_RESOLUTION_APPLIED;
  g_assert_true (sync_test_wait_for (first_row_in_state, &wait, 30));
  g_assert_cmpstr (kasir_text_row_get_cell (row_at (model_a, 0), KASIR_CONFLICT_COLUMN_STATUS), ==, "Applied");
  /* Nothing open any more: the badge goes away. */
  g_assert_true (sync_test_wait_for (badge_hidden, main_window, 30));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT qty FROM stock WHERE product_id = %" G_GINT64_FORMAT
                         " AND outlet_id = 1", product);
  g_assert_cmpint (sync_test_server_query (f->server, sql), ==, 7);

  /* B comes back: its decision lost, and the row names the winner. */
  set_online (&f->b, TRUE);
  sync_till (&f->b);
  wait.model = model_b;
  wait.state = KASIR_LOCAL_RESOLUTION_ALREADY_RESOLVED;
  g_assert_true (sync_test_wait_for (first_row_in_state, &wait, 30));
  {
    g_autofree char *expected = g_strdup_printf ("Already resolved by %s at ", manager_name);
    const char *status = kasir_text_row_get_cell (row_at (model_b, 0), KASIR_CONFLICT_COLUMN_STATUS);

    g_test_message ("B's row: %s", status);
    g_assert_true (g_str_has_prefix (status, expected));
    g_assert_true (g_str_has_prefix (kasir_conflict_detail_view_get_state_text (kasir_conflict_window_get_detail (window_b)),
                                     expected));
  }

  /* History, with who, decision and note, and its CSV. */
  {
    GListModel *history = kasir_conflict_window_get_history_model (window_a);

    g_assert_cmpuint (g_list_model_get_n_items (history), ==, 1);
    row = row_at (history, 0);
    g_assert_cmpstr (kasir_text_row_get_cell (row, KASIR_CONFLICT_HISTORY_WHO), ==, manager_name);
    g_assert_cmpstr (kasir_text_row_get_cell (row, KASIR_CONFLICT_HISTORY_DECISION), ==,
                     "Enter the counted stock");
    g_assert_cmpstr (kasir_text_row_get_cell (row, KASIR_CONFLICT_HISTORY_NOTE), ==,
                     "Counted the shelf twice");
  }
  kasir_conflict_window_show_page (window_a, "history");
  spin (0.3);
  g_clear_object (&shot);
  shot = kasir_test_render (GTK_WIDGET (window_a), "conflict-history.png");
  csv_path = g_build_filename (f->dir, "history.csv", NULL);
  csv_file = g_file_new_for_path (csv_path);
  g_assert_true (kasir_conflict_window_export_csv (window_a, csv_file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "id,created_at,kind,status,"));
  g_assert_nonnull (strstr (csv, manager_name));
  g_assert_nonnull (strstr (csv, "Counted the shelf twice"));

  kasir_conflict_window_show_page (window_b, "review");
  spin (0.3);
  g_clear_object (&shot);
  shot = kasir_test_render (GTK_WIDGET (window_b), "conflict-already-resolved.png");

  gtk_window_destroy (GTK_WINDOW (window_a));
  gtk_window_destroy (GTK_WINDOW (window_b));
  gtk_window_destroy (GTK_WINDOW (main_window));
  spin (0.1);
}

/* Both tills change a price offline (B through the product dialog): B gets a concurrent
 * edit and keeps its own price field by field; a stock adjustment needs a reason. */
static void
test_concurrent_edit (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KasirProductEditRepository) edit_a = kasir_product_edit_repository_new (f->a.db);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) shot = NULL;
  KasirProductEditDialog *dialog;
  KasirConflictWindow *window;
  KasirConflictDetailView *detail;
  GListModel *model;
  KasirTextRow *row;
  RowWait wait;
  gint64 product = 17, stock_before;
  const char *price_sql = "SELECT price FROM products WHERE id = 17";
  const char *stock_sql = "SELECT qty FROM stock WHERE product_id = 17 AND outlet_id = 1";

  set_online (&f->a, FALSE);
  set_online (&f->b, FALSE);
  g_assert_cmpint (kasir_product_edit_repository_set_price (edit_a, product, 11111,
                                                             manager_of (f->a.db), &error), >, 0);
  g_assert_no_error (error);

  dialog = kasir_product_edit_dialog_new (NULL, kasir_test_context (f->b.db, f->b.service, NULL), manager_of (f->b.db));
  present (GTK_WINDOW (dialog));
  kasir_product_edit_dialog_set_mode (dialog, "price");
  /* Nothing chosen yet. */
  g_assert_false (kasir_product_edit_dialog_apply (dialog, &error));
  g_clear_error (&error);
  g_assert_true (kasir_product_edit_dialog_select (dialog, product, &error));
  kasir_product_edit_dialog_fill (dialog, "nonsense", 0, NULL);
  g_assert_false (kasir_product_edit_dialog_apply (dialog, &error));
  g_clear_error (&error);
  kasir_product_edit_dialog_fill (dialog, "22222", 0, NULL);
  g_assert_true (kasir_product_edit_dialog_apply (dialog, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sync_test_local_query (f->b.db, price_sql), ==, 22222);

  /* Stock: a difference with a reason. */
  stock_before = sync_test_local_query (f->b.db, stock_sql);
  kasir_product_edit_dialog_set_mode (dialog, "stock");
  kasir_product_edit_dialog_fill (dialog, NULL, -2, "");
  g_assert_false (kasir_product_edit_dialog_apply (dialog, &error));
  g_assert_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_cmpint (sync_test_local_query (f->b.db, stock_sql), ==, stock_before);
  kasir_product_edit_dialog_fill (dialog, NULL, -2, "Broken in transit");
  g_assert_true (kasir_product_edit_dialog_apply (dialog, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sync_test_local_query (f->b.db, stock_sql), ==, stock_before - 2);
  spin (0.2);
  shot = kasir_test_render (GTK_WIDGET (dialog), "product-edit.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  set_online (&f->a, TRUE);
  sync_till (&f->a);
  set_online (&f->b, TRUE);
  sync_till (&f->b);
  g_assert_cmpint (sync_test_server_query (f->server, price_sql), ==, 11111);

  window = kasir_conflict_window_new (NULL, kasir_test_context (f->b.db, f->b.service, NULL), manager_of (f->b.db));
  present (GTK_WINDOW (window));
  model = kasir_conflict_window_get_model (window);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  row = row_at (model, 0);
  g_assert_cmpstr (kasir_text_row_get_cell (row, KASIR_CONFLICT_COLUMN_KIND), ==, "Concurrent edit");
  g_assert_nonnull (strstr (kasir_text_row_get_cell (row, KASIR_CONFLICT_COLUMN_AMOUNT), "11"));
  g_assert_true (kasir_conflict_window_select (window, kasir_text_row_get_id (row)));
  detail = kasir_conflict_window_get_detail (window);
  g_assert_cmpuint (kasir_conflict_detail_view_get_n_differing (detail), >=, 1);
  g_assert_true (kasir_conflict_detail_view_choose (detail, "merge"));
  g_assert_true (kasir_conflict_detail_view_set_field_choice (detail, "price", TRUE));
  /* A sync in the background reloads the list; the choice made so far stays. */
  kasir_conflict_window_reload (window);
  spin (0.2);
  g_clear_object (&shot);
  shot = kasir_test_render (GTK_WIDGET (window), "conflict-merge.png");
  /* Choosing per field changes neither money nor stock: no note needed. */
  g_assert_true (kasir_conflict_detail_view_resolve (detail, &error));
  g_assert_no_error (error);
  sync_till (&f->b);
  wait.model = model;
  wait.state = KASIR_LOCAL_RESOLUTION_APPLIED;
  g_assert_true (sync_test_wait_for (first_row_in_state, &wait, 30));
  g_assert_cmpint (sync_test_server_query (f->server, price_sql), ==, 22222);
  g_assert_cmpint (sync_test_server_query (f->server, stock_sql), ==, stock_before - 2);

  gtk_window_destroy (GTK_WINDOW (window));
  spin (0.1);
}

/* A change the server refuses is listed with its explanation; the chart draws. */
static void
test_dashboard (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (f->a.db);
  g_autofree char *text = g_strdup_printf ("{\"product_id\": 987654321, \"base_version\": 1, "
                                           "\"staff_id\": %" G_GINT64_FORMAT ", "
                                           "\"fields\": {\"price\": 5000}}", manager_of (f->a.db));
  g_autoptr(JsonNode) payload = json_from_string (text, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) shot = NULL;
  g_autofree char *explained = NULL;
  KasirSyncDashboard *dashboard;
  GListModel *rows;
  KasirTextRow *rejected = NULL;
  gint64 seq;

  seq = kasir_outbox_repository_enqueue (outbox, KASIR_MUTATION_PRODUCT_UPDATE, "987654321",
                                         payload, &error);
  g_assert_no_error (error);
  sync_till (&f->a);

  dashboard = kasir_sync_dashboard_new (NULL, kasir_test_context (f->a.db, f->a.service, NULL));
  gtk_window_set_default_size (GTK_WINDOW (dashboard), 1000, 900);
  present (GTK_WINDOW (dashboard));
  rows = kasir_sync_dashboard_get_outbox (dashboard);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    if (kasir_text_row_get_id (row_at (rows, i)) == seq)
      rejected = row_at (rows, i);
  g_assert_nonnull (rejected);
  g_assert_cmpint (kasir_text_row_get_state (rejected), ==, KASIR_OUTBOX_REJECTED);
  g_assert_cmpstr (kasir_text_row_get_cell (rejected, KASIR_DASHBOARD_COLUMN_STATE), ==, "Rejected");
  g_assert_cmpstr (kasir_text_row_get_cell (rejected, KASIR_DASHBOARD_COLUMN_TYPE), ==, "product.update");
  {
    g_autoptr(KasirOutboxEntry) entry = kasir_outbox_repository_get (outbox, seq, &error);

    g_assert_no_error (error);
    explained = kasir_sync_history_explain_rejection (entry->last_error);
  }
  g_test_message ("problem: %s", kasir_text_row_get_cell (rejected, KASIR_DASHBOARD_COLUMN_PROBLEM));
  g_assert_cmpstr (kasir_text_row_get_cell (rejected, KASIR_DASHBOARD_COLUMN_PROBLEM), ==, explained);
  g_assert_nonnull (strstr (kasir_text_row_get_cell (rejected, KASIR_DASHBOARD_COLUMN_PROBLEM), "987654321"));
  /* The explanation is a sentence, not the bare reason code. */
  g_assert_false (g_str_has_prefix (kasir_text_row_get_cell (rejected, KASIR_DASHBOARD_COLUMN_PROBLEM),
                                    "unknown_product"));
  g_assert_cmpstr (kasir_sync_dashboard_get_metric (dashboard, "rejected"), ==, "1");
  g_assert_cmpstr (kasir_sync_dashboard_get_metric (dashboard, "pending"), ==, "0");
  g_assert_cmpint (g_ascii_strtoll (kasir_sync_dashboard_get_metric (dashboard, "successes"), NULL, 10), >=, 2);
  g_assert_nonnull (strstr (kasir_sync_chart_get_summary (kasir_sync_dashboard_get_chart (dashboard)),
                            "successful syncs"));

  /* Retry now leaves the rejected change where it is. */
  kasir_sync_dashboard_retry_now (dashboard);
  sync_till (&f->a);
  g_assert_cmpint (sync_test_local_query (f->a.db, "SELECT count(*) FROM outbox WHERE state = 'rejected'"), ==, 1);
  g_assert_cmpstr (kasir_sync_dashboard_get_metric (dashboard, "rejected"), ==, "1");

  spin (0.3);
  shot = kasir_test_render (GTK_WIDGET (dashboard), "sync-dashboard.png");
  g_assert_cmpuint (count_drawn_pixels (shot), >, 1000);
  gtk_window_destroy (GTK_WINDOW (dashboard));
  spin (0.1);
}

/* The chart draws bars for the hours with syncs, and says what it shows. */
static void
test_chart (void)
{
  g_autoptr(GArray) hours = g_array_new (FALSE, TRUE, sizeof (KasirSyncHourBucket));
  g_autoptr(GArray) empty = g_array_new (FALSE, TRUE, sizeof (KasirSyncHourBucket));
  g_autoptr(GdkTexture) drawn = NULL;
  g_autoptr(GdkTexture) blank = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *chart = kasir_sync_chart_new ();
  guint with_data, without;

  for (int i = 0; i < 24; i++)
    {
      KasirSyncHourBucket b = { 1700000000 + i * 3600, i % 5, i % 3 == 0 ? 1 : 0, i % 4 == 0 ? i : -1 };

      g_array_append_val (hours, b);
      b.successes = b.failures = 0;
      b.pending_max = -1;
      g_array_append_val (empty, b);
    }
  gtk_window_set_child (GTK_WINDOW (window), chart);
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 200);
  kasir_sync_chart_set_hours (KASIR_SYNC_CHART (chart), empty);
  g_assert_cmpstr (kasir_sync_chart_get_summary (KASIR_SYNC_CHART (chart)), ==,
                   "No syncs in the last 24 hours.");
  present (GTK_WINDOW (window));
  blank = kasir_test_render (chart, "chart-empty.png");
  without = count_drawn_pixels (blank);

  kasir_sync_chart_set_hours (KASIR_SYNC_CHART (chart), hours);
  g_assert_nonnull (strstr (kasir_sync_chart_get_summary (KASIR_SYNC_CHART (chart)),
                            "46 successful syncs, 8 failed"));
  spin (0.2);
  drawn = kasir_test_render (chart, "chart.png");
  with_data = count_drawn_pixels (drawn);
  g_test_message ("chart pixels: %u with data, %u without", with_data, without);
  g_assert_cmpuint (with_data, >, without + 2000);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- The PIN prompt ---- */

typedef struct
{
  gboolean    answered;
  KasirStaff *staff;
} PinAnswer;

static void
on_pin (const KasirStaff *staff,
        gpointer          user_data)
{
  PinAnswer *answer = user_data;

  answer->answered = TRUE;
  answer->staff = staff != NULL ? kasir_staff_copy (staff) : NULL;
}

static AdwMessageDialog *
find_prompt (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
prompt_shown (gpointer data)
{
  return find_prompt () != NULL;
}

static gboolean
pin_answered (gpointer data)
{
  return ((PinAnswer *) data)->answered;
}

static GtkEditable *
prompt_entry (AdwMessageDialog *dialog)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);

  return GTK_EDITABLE (gtk_widget_get_first_child (box));
}

static void
type_pin (const char *pin)
{
  AdwMessageDialog *dialog;

  g_assert_true (sync_test_wait_for (prompt_shown, NULL, 5));
  dialog = find_prompt ();
  gtk_editable_set_text (prompt_entry (dialog), pin);
  /* Enter in the entry activates the default response, Continue. */
  g_signal_emit_by_name (prompt_entry (dialog), "activate");
  spin (0.05);
}

/* Only a manager's PIN opens the tools; a cashier's or a wrong one asks again. */
static void
test_pin_prompt (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-manager-pin-XXXXXX", &error);
  g_autoptr(KasirDatabase) db = NULL;
  PinAnswer answer = { 0 };
  gint64 manager;

  g_assert_no_error (error);
  db = sync_test_terminal_db (dir, "pin.db", NULL);
  manager = kasir_test_add_staff (db, "Dewi", "manager", "4821");
  kasir_test_add_staff (db, "Budi", "cashier", "1357");

  kasir_pin_dialog_ask_manager (NULL, db, "Enter a manager's PIN.", on_pin, &answer);
  type_pin ("1357");          /* a cashier */
  g_assert_true (sync_test_wait_for (prompt_shown, NULL, 10));
  g_assert_false (answer.answered);
  type_pin ("0000");          /* nobody */
  g_assert_true (sync_test_wait_for (prompt_shown, NULL, 10));
  g_assert_false (answer.answered);
  type_pin ("4821");
  g_assert_true (sync_test_wait_for (pin_answered, &answer, 10));
  g_assert_nonnull (answer.staff);
  g_assert_cmpint (answer.staff->id, ==, manager);
  g_clear_pointer (&answer.staff, kasir_staff_free);

  /* Cancelling answers nobody. */
  answer.answered = FALSE;
  kasir_pin_dialog_ask_manager (NULL, db, "Enter a manager's PIN.", on_pin, &answer);
  g_assert_true (sync_test_wait_for (prompt_shown, NULL, 5));
  gtk_window_close (GTK_WINDOW (find_prompt ()));
  g_assert_true (sync_test_wait_for (pin_answered, &answer, 5));
  g_assert_null (answer.staff);

  g_clear_object (&db);
  sync_test_remove_tree (dir);
}

static gboolean
conflict_window_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (KASIR_IS_CONFLICT_WINDOW (window))
        {
          *(GtkWindow **) data = GTK_WINDOW (window);
          return TRUE;
        }
    }
  return FALSE;
}

/* The main window gets the manager's actions and the badge; an action asks for the PIN
 * before it opens anything. */
static void
test_install (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-ui-manager-install-XXXXXX", &error);
  g_autoptr(KasirDatabase) db = NULL;
  GtkWindow *conflicts = NULL;
  KasirWindow *window;
  GtkWidget *badge;

  g_assert_no_error (error);
  db = sync_test_terminal_db (dir, "till.db", NULL);
  kasir_test_add_staff (db, "Dewi", "manager", "4821");

  window = kasir_window_new (get_application (), NULL);
  /* Without a database the manager's tools have nothing to work on: no PIN is asked. */
  gtk_widget_activate_action (GTK_WIDGET (window), "manager.conflicts", NULL);
  spin (0.05);
  g_assert_null (find_prompt ());
  kasir_window_set_database (window, db);
  present (GTK_WINDOW (window));

  badge = find_badge (window);
  /* No conflicts: nothing to count. */
  g_assert_false (gtk_widget_get_visible (badge));
  {
    g_autoptr(GdkTexture) shot = kasir_test_render (GTK_WIDGET (window), "main-window.png");
  }

  g_assert_false (conflict_window_shown (&conflicts));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "manager.conflicts", NULL));
  type_pin ("4821");
  g_assert_true (sync_test_wait_for (conflict_window_shown, &conflicts, 10));
  g_assert_true (gtk_window_get_transient_for (conflicts) == GTK_WINDOW (window));
  gtk_window_destroy (conflicts);

  /* The count follows the window's property, which the sync service drives. */
  kasir_window_set_open_conflict_count (window, 2);
  g_assert_true (gtk_widget_get_visible (badge));
  kasir_window_set_open_conflict_count (window, 0);
  g_assert_false (gtk_widget_get_visible (badge));

  gtk_window_destroy (GTK_WINDOW (window));
  spin (0.1);
  g_clear_object (&db);
  sync_test_remove_tree (dir);
}

typedef struct
{
  gboolean done;
  gboolean ok;
} Done;

static gboolean
is_done (gpointer data)
{
  return ((Done *) data)->done;
}

static void
on_registered (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Done *done = user_data;
  g_autoptr(GError) error = NULL;

  done->ok = kasir_outbox_transfer_register_key_finish (result, &error);
  g_assert_no_error (error);
  done->done = TRUE;
}

static void
on_upload_done (KasirOutboxTransferDialog *dialog,
                gboolean                   answered,
                Done                      *done)
{
  done->ok = answered;
  done->done = TRUE;
}

/* A stays offline and exports its unsent sales with a passphrase typed twice; B opens
 * the file, sees whose changes they are, and uploads them. */
static void
test_outbox_transfer (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) shot = NULL;
  g_autofree char *path = g_build_filename (f->dir, "a.kasir-outbox", NULL);
  KasirOutboxTransferDialog *export_dialog, *import_dialog;
  KasirTillContext *export_context;
  Done registered = { 0 }, uploaded = { 0 };
  GStatBuf st;
  gint64 sales_before = sync_test_server_query (f->server, "SELECT count(*) FROM sales");

  kasir_outbox_transfer_register_key_async (f->a.db, NULL, on_registered, &registered);
  g_assert_true (sync_test_wait_for (is_done, &registered, 30));
  g_assert_true (registered.ok);

  set_online (&f->a, FALSE);
  sell (f->a.db, 10, 1);
  sell (f->a.db, 11, 2);

  /* The file names its till as people know it, not by the server's number. */
  export_context = kasir_test_context (f->a.db, NULL, NULL);
  g_settings_set_string (kasir_till_context_get_settings (export_context), "terminal-name", "Till Kopi");
  export_dialog = kasir_outbox_transfer_dialog_new (NULL, export_context, KASIR_OUTBOX_TRANSFER_EXPORT);
  present (GTK_WINDOW (export_dialog));
  kasir_outbox_transfer_dialog_set_passphrases (export_dialog, "short", "short");
  g_assert_false (kasir_outbox_transfer_dialog_export_to (export_dialog, path, &error));
  g_assert_error (error, KASIR_OUTBOX_BUNDLE_ERROR, KASIR_OUTBOX_BUNDLE_ERROR_INVALID);
  g_clear_error (&error);
  kasir_outbox_transfer_dialog_set_passphrases (export_dialog, "kopi susu gula aren", "kopi susu gula pasir");
  g_assert_false (kasir_outbox_transfer_dialog_export_to (export_dialog, path, &error));
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  kasir_outbox_transfer_dialog_set_passphrases (export_dialog, "kopi susu gula aren", NULL);
  g_assert_true (kasir_outbox_transfer_dialog_export_to (export_dialog, path, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (kasir_outbox_transfer_dialog_get_status (export_dialog), "Exported 2 changes"));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  spin (0.2);
  shot = kasir_test_render (GTK_WIDGET (export_dialog), "outbox-export.png");
  gtk_window_destroy (GTK_WINDOW (export_dialog));
  g_settings_reset (kasir_till_context_get_settings (export_context), "terminal-name");

  import_dialog = kasir_outbox_transfer_dialog_new (NULL, kasir_test_context (f->b.db, NULL, NULL), KASIR_OUTBOX_TRANSFER_IMPORT);
  present (GTK_WINDOW (import_dialog));
  kasir_outbox_transfer_dialog_set_passphrases (import_dialog, "kopi susu gula pasir", NULL);
  g_assert_false (kasir_outbox_transfer_dialog_open_file (import_dialog, path, &error));
  g_assert_error (error, KASIR_OUTBOX_BUNDLE_ERROR, KASIR_OUTBOX_BUNDLE_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  kasir_outbox_transfer_dialog_set_passphrases (import_dialog, "kopi susu gula aren", NULL);
  g_assert_true (kasir_outbox_transfer_dialog_open_file (import_dialog, path, &error));
  g_assert_no_error (error);
  g_test_message ("import: %s", kasir_outbox_transfer_dialog_get_status (import_dialog));
  g_assert_nonnull (strstr (kasir_outbox_transfer_dialog_get_status (import_dialog), "from Till Kopi,"));
  g_assert_true (g_str_has_prefix (kasir_outbox_transfer_dialog_get_status (import_dialog), "2 changes"));
  g_signal_connect (import_dialog, "upload-done", G_CALLBACK (on_upload_done), &uploaded);
  kasir_outbox_transfer_dialog_upload (import_dialog);
  g_assert_true (sync_test_wait_for (is_done, &uploaded, 60));
  g_assert_true (uploaded.ok);
  g_test_message ("upload: %s", kasir_outbox_transfer_dialog_get_status (import_dialog));
  g_assert_nonnull (strstr (kasir_outbox_transfer_dialog_get_status (import_dialog), "changes of Till Kopi"));
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM sales"), ==, sales_before + 2);
  spin (0.2);
  g_clear_object (&shot);
  shot = kasir_test_render (GTK_WIDGET (import_dialog), "outbox-import.png");
  gtk_window_destroy (GTK_WINDOW (import_dialog));
  spin (0.1);
}

/* Sells product 1 to @customer_id, paying @points with loyalty points and the rest in cash. */
static void
sell_with_points (KasirDatabase *db,
                  gint64         customer_id,
                  gint64         points)
{
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (db);
  g_autoptr(KasirSalesRepository) sales = kasir_sales_repository_new (db);
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
  g_autoptr(KasirProduct) product = NULL;
  g_autoptr(KasirSale) sale = NULL;
  g_autoptr(GError) error = NULL;

  product = kasir_catalog_repository_get_product (catalog, 1, &error);
  g_assert_no_error (error);
  kasir_cart_add_product (cart, product, points / product->price + 1);
  cart->customer_id = customer_id;
  g_assert_true (kasir_cart_compute (cart, &error));
  g_assert_no_error (error);
  /* The points pay as a "points" payment, one minor unit each. */
  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_POINTS, points));
  g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH,
                                                ((cart->total - points) / 1000 + 1) * 1000));
  sale = kasir_cart_to_sale (cart, payments, points, &error);
  g_assert_no_error (error);
  g_assert_true (kasir_sales_repository_commit_sale (sales, sale, &error));
  g_assert_no_error (error);
}

/* Points spent on two tills: B's manager charges the difference, typed as money. */
static void
test_loyalty (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  KasirConflictWindow *window;
  KasirConflictDetailView *detail;
  GListModel *model;
  KasirTextRow *row;
  RowWait wait;
  gint64 customer = sync_test_local_query (f->a.db, "SELECT min(id) FROM customers WHERE loyalty_points >= 2");
  gint64 points;

  g_assert_cmpint (customer, >, 0);
  sql = g_strdup_printf ("SELECT loyalty_points FROM customers WHERE id = %" G_GINT64_FORMAT, customer);
  points = sync_test_local_query (f->a.db, sql);
  set_online (&f->a, FALSE);
  set_online (&f->b, FALSE);
  sell_with_points (f->a.db, customer, points);
  sell_with_points (f->b.db, customer, 2);
  set_online (&f->a, TRUE);
  sync_till (&f->a);
  set_online (&f->b, TRUE);
  sync_till (&f->b);

  window = kasir_conflict_window_new (NULL, kasir_test_context (f->b.db, f->b.service, NULL), manager_of (f->b.db));
  present (GTK_WINDOW (window));
  model = kasir_conflict_window_get_model (window);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  row = row_at (model, 0);
  g_assert_cmpstr (kasir_text_row_get_cell (row, KASIR_CONFLICT_COLUMN_KIND), ==,
                   "Loyalty points already spent");
  g_assert_cmpstr (kasir_text_row_get_cell (row, KASIR_CONFLICT_COLUMN_AMOUNT), ==, "2 points");
  g_assert_true (kasir_conflict_window_select (window, kasir_text_row_get_id (row)));
  detail = kasir_conflict_window_get_detail (window);
  g_assert_false (kasir_conflict_detail_view_choose (detail, "counted_stock"));
  g_assert_true (kasir_conflict_detail_view_choose (detail, "charge_difference"));
  kasir_conflict_detail_view_set_note (detail, "Customer paid the rest in cash");
  kasir_conflict_detail_view_set_charge (detail, "two");
  g_assert_false (kasir_conflict_detail_view_resolve (detail, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (sync_test_local_query (f->b.db, "SELECT count(*) FROM outbox WHERE type = 'conflict.resolve'"), ==, 0);
  kasir_conflict_detail_view_set_charge (detail, "2");
  g_assert_true (kasir_conflict_detail_view_resolve (detail, &error));
  g_assert_no_error (error);
  sync_till (&f->b);
  wait.model = model;
  wait.state = KASIR_LOCAL_RESOLUTION_APPLIED;
  g_assert_true (sync_test_wait_for (first_row_in_state, &wait, 30));
  g_assert_cmpint (sync_test_server_query (f->server, "SELECT count(*) FROM conflicts WHERE "
                                                      "kind = 'loyalty_overspent' AND status = 'resolved'"), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (0.1);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Kasir/UiManager/chart", test_chart);
  g_test_add_func ("/Kasir/UiManager/pin-prompt", test_pin_prompt);
  g_test_add_func ("/Kasir/UiManager/install", test_install);
  g_test_add ("/Kasir/UiManager/conflict-review", Fixture, NULL, sync_test_outlet_set_up,
              test_conflict_review, sync_test_outlet_tear_down);
  g_test_add ("/Kasir/UiManager/concurrent-edit", Fixture, NULL, sync_test_outlet_set_up,
              test_concurrent_edit, sync_test_outlet_tear_down);
  g_test_add ("/Kasir/UiManager/outbox-transfer", Fixture, NULL, sync_test_outlet_set_up,
              test_outbox_transfer, sync_test_outlet_tear_down);
  g_test_add ("/Kasir/UiManager/loyalty", Fixture, NULL, sync_test_outlet_set_up, test_loyalty,
              sync_test_outlet_tear_down);
  g_test_add ("/Kasir/UiManager/dashboard", Fixture, NULL, sync_test_outlet_set_up, test_dashboard,
              sync_test_outlet_tear_down);

  status = g_test_run ();
  g_clear_object (&application);
  return status;
}
