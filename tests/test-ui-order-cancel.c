/* test-ui-order-cancel.c — cancelling an open order from the Orders window, on the real
 * window and a real SQLCipher database: each row has a cancel button (with an accessible
 * name) that asks for a reason; a reason of nothing is said and cancels nothing; a
 * cancel approved by a manager takes the order out of the list, queues its order.cancel
 * and prints a VOID kitchen ticket (to PDF here) listing what the kitchen was asked for.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "kasir-window.h"
#include "kasir-selling-view.h"
#include "kasir-cart-view.h"
#include "kasir-catalog-repository.h"
#include "kasir-conflict-repository.h"
#include "kasir-conflict-window.h"
#include "kasir-text-row.h"
#include "kasir-open-order-repository.h"
#include "kasir-open-order-send.h"
#include "kasir-open-orders-window.h"
#include "kasir-sync-state-repository.h"
#include "store-test-util.h"
#include "ui-test-util.h"

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GtkWindow *
find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }
  return NULL;
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static KasirDatabase *
make_db (const char *dir)
{
  g_autoptr(KasirSyncStateRepository) sync_state = NULL;
  g_autoptr(GError) error = NULL;
  KasirDatabase *db = store_test_open_db_in (dir);

  sync_state = kasir_sync_state_repository_new (db);
  g_assert_true (kasir_sync_state_repository_set_identity (sync_state, 7, 1, "https://kasir.invalid", &error));
  return db;
}

static void
send (KasirDatabase *db)
{
  g_autoptr(KasirOpenOrderRepository) orders = kasir_open_order_repository_new (db);
  g_autoptr(KasirProduct) kopi = store_test_product (1, "Kopi Susu Gula Aren", 18000);
  g_autoptr(KasirCart) cart = kasir_cart_new ("IDR", TRUE);
  g_autoptr(KasirOrderTicket) ticket = NULL;
  g_autoptr(GError) error = NULL;

  kasir_cart_add_product (cart, kopi, 2);
  g_assert_true (kasir_cart_compute (cart, NULL));
  ticket = kasir_open_order_repository_send (orders, cart, "Meja 7", 3, "Sari", NULL, &error);
  g_assert_no_error (error);
}

static guint
count_void (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, "-void.pdf"))
      n++;
  return n;
}

static void
test_cancel (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *tickets = g_build_filename (dir, "tickets", NULL);
  g_autoptr(KasirDatabase) db = make_db (dir);
  g_autoptr(GError) error = NULL;
  KasirStaff sari = { 3, 1, (char *) "Sari", (char *) "cashier", NULL, TRUE };
  KasirWindow *window;
  KasirSellingView *view;
  KasirOpenOrdersWindow *list;
  AdwMessageDialog *prompt;
  GtkWidget *button;
  g_autofree char *text = NULL;

  g_assert_cmpint (g_mkdir_with_parents (tickets, 0700), ==, 0);
  kasir_open_order_set_ticket_dir (tickets);
  send (db);
  window = g_object_new (KASIR_TYPE_WINDOW, NULL);
  kasir_window_set_database (window, db);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  kasir_till_context_set_staff (kasir_window_get_context (window), &sari);
  view = kasir_window_get_selling_view (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.open-orders", NULL));
  iterate ();
  list = KASIR_OPEN_ORDERS_WINDOW (find_window (KASIR_TYPE_OPEN_ORDERS_WINDOW));
  g_assert_nonnull (list);
  g_assert_cmpuint (kasir_open_orders_window_get_n_orders (list), ==, 1);

  /* The row's cancel button asks why; nothing said cancels nothing. */
  button = find_named (GTK_WIDGET (kasir_open_orders_window_get_row (list, 0)), "cancel-order");
  g_assert_nonnull (button);
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_signal_emit_by_name (button, "clicked");
  iterate ();
  prompt = ADW_MESSAGE_DIALOG (find_window (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (prompt);
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (adw_message_dialog_get_extra_child (prompt)),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL));
  adw_message_dialog_response (prompt, "cancel-order");
  gtk_window_close (GTK_WINDOW (prompt));
  kasir_test_settle (50);
  g_assert_nonnull (strstr (kasir_open_orders_window_get_message (list), "why"));
  g_assert_cmpuint (kasir_open_orders_window_get_n_orders (list), ==, 1);

  /* Without a manager it is refused; approved, it leaves the list and a VOID ticket prints. */
  g_assert_false (kasir_open_orders_window_cancel (list, 0, "tamu pergi", 0, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (count_void (tickets), ==, 0);
  g_assert_true (kasir_open_orders_window_cancel (list, 0, "tamu pergi", 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kasir_open_orders_window_get_n_orders (list), ==, 0);
  g_assert_cmpint (store_test_query (db, "SELECT count(*) FROM outbox WHERE type = 'order.cancel'"), ==, 1);
  g_assert_cmpuint (count_void (tickets), ==, 1);
  {
    g_autoptr(KasirOpenOrder) order = g_new0 (KasirOpenOrder, 1);

    order->order_id = g_strdup ("00000000-0000-4000-8000-000000000000");
    order->label = g_strdup ("Meja 7");
    order->sent = g_strdup ("[{\"product_id\":1,\"name\":\"Kopi Susu Gula Aren\",\"qty\":2}]");
    text = kasir_open_order_void_text (kasir_window_get_context (window), order, "tamu pergi");
  }
  g_assert_nonnull (strstr (text, "VOID"));
  g_assert_nonnull (strstr (text, "tamu pergi"));
  g_assert_nonnull (strstr (text, "2 x Kopi"));

  gtk_window_destroy (GTK_WINDOW (list));
  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
  kasir_open_order_set_ticket_dir (NULL);
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

/* An order_paid_twice conflict as the server sends it: sale @n of till 8 paid order
 * @order_id, which till @paid_on had paid first, or which was cancelled. */
static KasirConflict *
paid_twice (gint64      id,
            const char *order_id,
            gint64      paid_on,
            gboolean    cancelled)
{
  KasirConflict *c = kasir_conflict_new ();
  g_autofree char *server = NULL;
  g_autofree char *terminal = g_strdup_printf ("{\"sale_id\": \"5e1f0c3a-8b0e-4a51-9a57-0000000000%02" G_GINT64_FORMAT "\","
                                               " \"receipt_no\": \"8-0000%02" G_GINT64_FORMAT "\", \"total\": 36000,"
                                               " \"open_order_id\": \"%s\"}", id, id, order_id);

  server = g_strdup_printf ("{\"order_id\": \"%s\", \"paid_terminal_id\": %" G_GINT64_FORMAT ","
                            " \"paid_total\": %d%s}", order_id, paid_on, paid_on > 0 ? 36000 : 0,
                            cancelled ? ", \"cancelled\": true" : "");
  c->id = id;
  c->kind = KASIR_CONFLICT_ORDER_PAID_TWICE;
  c->status = KASIR_CONFLICT_OPEN;
  c->entity = g_strdup ("sale");
  c->entity_id = g_strdup_printf ("5e1f0c3a-8b0e-4a51-9a57-0000000000%02" G_GINT64_FORMAT, id);
  c->terminal = json_from_string (terminal, NULL);
  c->server = json_from_string (server, NULL);
  g_assert_nonnull (c->terminal);
  g_assert_nonnull (c->server);
  c->terminal_id = 8;
  c->seq = id;
  c->created_at = g_strdup ("2026-12-03T07:30:00Z");
  c->version = 1;
  return c;
}

static gboolean
is_column_view (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_COLUMN_VIEW (widget);
}

/* A till that was offline paid an open order another till had cancelled: the conflict
 * says so in its own title and description, in the list and the detail, apart from an
 * order paid on two tills; it shows no first payment, and says the order was cancelled. */
static void
test_paid_after_cancel (void)
{
  g_autofree char *dir = store_test_tmp_dir ();
  g_autoptr(KasirDatabase) db = make_db (dir);
  g_autoptr(KasirConflictRepository) repo = kasir_conflict_repository_new (db);
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_conflict_free);
  g_autoptr(GError) error = NULL;
  gint64 manager = kasir_test_add_staff (db, "Bu Rina", "manager", "1357");
  const char *twice_title = NULL;
  const char *cancel_title = NULL;
  KasirConflictWindow *window;
  GListModel *model;

  g_ptr_array_add (conflicts, paid_twice (1, "0b7c3a52-0d7e-4f0e-8a7a-000000000001", 7, FALSE));
  g_ptr_array_add (conflicts, paid_twice (2, "0b7c3a52-0d7e-4f0e-8a7a-000000000002", 0, TRUE));
  g_assert_true (kasir_conflict_repository_upsert (repo, conflicts, &error));
  g_assert_no_error (error);
  /* This till knows the cancelled order by its name; the other one it never saw. */
  g_assert_true (kasir_database_exec (db, "INSERT INTO open_orders (order_id, own, label, total, "
                                          "cart, sent, opened_at, updated_at) VALUES "
                                          "('0b7c3a52-0d7e-4f0e-8a7a-000000000002', 0, 'Meja 4', "
                                          "36000, '{}', '[]', '2026-12-03T07:00:00Z', "
                                          "'2026-12-03T07:00:00Z')", &error));
  g_assert_no_error (error);

  twice_title = kasir_conflict_title (conflicts->pdata[0]);
  cancel_title = kasir_conflict_title (conflicts->pdata[1]);
  g_assert_cmpstr (twice_title, ==, "Open order paid on two tills");
  g_assert_cmpstr (cancel_title, ==, "Open order paid after it was cancelled");
  g_assert_cmpstr (kasir_conflict_description (conflicts->pdata[1]), !=,
                   kasir_conflict_description (conflicts->pdata[0]));
  /* The Kind filter names the kind, which holds both cases, and no two kinds alike. */
  g_assert_cmpstr (kasir_conflict_kind_title (KASIR_CONFLICT_ORDER_PAID_TWICE), ==,
                   "Open order paid twice or after a cancel");
  for (int a = KASIR_CONFLICT_STOCK_SHORTAGE; a <= KASIR_CONFLICT_ORDER_PAID_TWICE; a++)
    for (int b = a + 1; b <= KASIR_CONFLICT_ORDER_PAID_TWICE; b++)
      g_assert_cmpstr (kasir_conflict_kind_title (a), !=, kasir_conflict_kind_title (b));

  window = kasir_conflict_window_new (NULL, kasir_test_context (db, NULL, NULL), manager);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_present (GTK_WINDOW (window));
  kasir_test_settle (100);
  model = kasir_conflict_window_get_model (window);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  /* At the window's own size every column of the list shows whole, the longest kind
   * included: nothing hides to the right of the detail pane. */
  {
    GtkWidget *list = kasir_test_find_widget (GTK_WIDGET (window), is_column_view, NULL);
    GtkWidget *scroller = gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));

    g_assert_cmpfloat (gtk_adjustment_get_upper (h), <=, gtk_adjustment_get_page_size (h) + 0.5);
  }
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(KasirTextRow) row = g_list_model_get_item (model, i);
      gboolean cancelled = kasir_text_row_get_id (row) == 2;
      const KasirConflict *c = conflicts->pdata[cancelled ? 1 : 0];
      g_autoptr(GString) labels = g_string_new ("\n");
      g_autofree char *title = g_strdup_printf ("\n%s\n", cancelled ? cancel_title : twice_title);
      g_autofree char *description = g_strdup_printf ("\n%s\n", kasir_conflict_description (c));

      g_assert_cmpstr (kasir_text_row_get_cell (row, KASIR_CONFLICT_COLUMN_KIND), ==,
                       cancelled ? cancel_title : twice_title);
      g_assert_true (kasir_conflict_window_select (window, kasir_text_row_get_id (row)));
      kasir_test_settle (50);
      kasir_test_collect_labels (GTK_WIDGET (kasir_conflict_window_get_detail (window)), labels);
      g_test_message ("conflict %" G_GINT64_FORMAT ":%s", kasir_text_row_get_id (row), labels->str);
      g_assert_nonnull (strstr (labels->str, title));
      g_assert_nonnull (strstr (labels->str, description));
      g_assert_true ((strstr (labels->str, "\nOrder cancelled\n") != NULL) == cancelled);
      /* The sale is named by its receipt; fields read as people say them, the order's id
       * in one row of both sides. */
      g_assert_cmpstr (kasir_text_row_get_cell (row, KASIR_CONFLICT_COLUMN_WHAT), ==,
                       cancelled ? "Receipt 8-000002" : "Receipt 8-000001");
      /* The amount the till took shows in the list, as it does in the detail; a till the
       * server did not name is written as the server writes a named one. */
      g_assert_cmpstr (kasir_text_row_get_cell (row, KASIR_CONFLICT_COLUMN_AMOUNT), ==, "Rp 36,000");
      g_assert_cmpstr (kasir_text_row_get_cell (row, KASIR_CONFLICT_COLUMN_TERMINAL), ==, "Till 8");
      g_assert_null (strstr (labels->str, "open_order_id"));
      g_assert_null (strstr (labels->str, "\ntotal\n"));
      g_assert_nonnull (strstr (labels->str, "\nAmount paid\n"));
      g_assert_nonnull (strstr (labels->str, "\nOpen order\n"));
      g_assert_true ((strstr (labels->str, "\nPaid first, amount\n") != NULL) == !cancelled);
      /* The order by its name where the till knows one, and the till that paid first as
       * a till. */
      g_assert_true ((strstr (labels->str, "\nMeja 4\n") != NULL) == cancelled);
      g_assert_true ((strstr (labels->str, "0b7c3a52-") != NULL) == !cancelled);
      g_assert_true ((strstr (labels->str, "\nTill 7\n") != NULL) == !cancelled);
      if (cancelled)
        g_object_unref (kasir_test_render (GTK_WIDGET (window), "conflict-paid-after-cancel.png"));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
  g_assert_null (window);
  g_clear_object (&repo);
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Kasir/UiOrderCancel/cancel", test_cancel);
  g_test_add_func ("/Kasir/UiOrderCancel/paid-after-cancel", test_paid_after_cancel);

  return g_test_run ();
}
