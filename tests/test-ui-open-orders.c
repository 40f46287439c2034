/* test-ui-open-orders.c — open orders at the till, on the real window, the real selling
 * view and a real SQLCipher database: Ctrl+K's prompt sends the cart with a name, the
 * kitchen ticket prints (to PDF here) and the till is free; Open Orders lists the order
 * (name, who, this till, total); taken back, one more item sent prints a second ticket
 * with only that item; a reprint prints both again; paid, the order leaves the list.
 * Another till's order listed by the server is refused here while the till is offline,
 * said so. Saves open-orders.png and kitchen-ticket.png under KASIR_SCREENSHOT_DIR.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "kasir-window.h"
#include "kasir-selling-view.h"
#include "kasir-cart-view.h"
#include "kasir-catalog-repository.h"
#include "kasir-checkout-dialog.h"
#include "kasir-open-order-repository.h"
#include "kasir-open-order-send.h"
#include "kasir-open-orders-window.h"
#include "kasir-protocol.h"
#include "kasir-sales-repository.h"
#include "kasir-sync-service.h"
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

static KasirDatabase *
make_db (const char *dir)
{
  g_autoptr(KasirCatalogRepository) catalog = NULL;
  g_autoptr(KasirSyncStateRepository) sync_state = NULL;
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_product_free);
  g_autoptr(GError) error = NULL;
  KasirDatabase *db = store_test_open_db_in (dir);

  sync_state = kasir_sync_state_repository_new (db);
  g_assert_true (kasir_sync_state_repository_set_identity (sync_state, 7, 1, "https://kasir.invalid", &error));
  g_ptr_array_add (products, store_test_product (1, "Kopi Susu Gula Aren", 18000));
  g_ptr_array_add (products, store_test_product (2, "Teh Manis Dingin", 8000));
  g_ptr_array_add (products, store_test_product (3, "Roti Coklat Keju", 12500));
  catalog = kasir_catalog_repository_new (db);
  g_assert_true (kasir_catalog_repository_upsert_products (catalog, products, &error));
  g_assert_no_error (error);

  return db;
}

static void
add (KasirSellingView *view,
     gint64            id)
{
  g_autofree char *sku = g_strdup_printf ("SKU-%06" G_GINT64_FORMAT, id);
  g_autoptr(GError) error = NULL;

  g_assert_true (kasir_selling_view_add_code (view, sku, &error));
  g_assert_no_error (error);
}

/* Ctrl+K's prompt, given @label (NULL: none asked) and answered by "send". */
static void
send_order (KasirSellingView *view,
            const char       *label)
{
  AdwMessageDialog *prompt;
  GtkWidget *entry;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.send-order", NULL));
  iterate ();
  prompt = ADW_MESSAGE_DIALOG (find_window (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (prompt);
  entry = adw_message_dialog_get_extra_child (prompt);
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL));
  if (label != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), label);
  adw_message_dialog_response (prompt, "send");
  gtk_window_close (GTK_WINDOW (prompt));
  kasir_test_settle (50);
  prompt = ADW_MESSAGE_DIALOG (find_window (ADW_TYPE_MESSAGE_DIALOG));
  if (prompt != NULL)
    g_test_message ("%s: %s", adw_message_dialog_get_heading (prompt), adw_message_dialog_get_body (prompt));
  g_assert_null (prompt);
}

static KasirOpenOrdersWindow *
open_orders (KasirSellingView *view)
{
  KasirOpenOrdersWindow *window;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.open-orders", NULL));
  iterate ();
  window = KASIR_OPEN_ORDERS_WINDOW (find_window (KASIR_TYPE_OPEN_ORDERS_WINDOW));
  g_assert_nonnull (window);
  return window;
}

static guint
count_files (const char *dir,
             const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix) && g_str_has_suffix (name, ".pdf"))
      n++;
  return n;
}

/* The kitchen ticket as the paper shows it, in a window of its own, saved as a PNG. */
static void
render_ticket (const char *text)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *label = gtk_label_new (text);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_family_new ("Monospace"));
  pango_attr_list_insert (attrs, pango_attr_scale_new (1.6));
  gtk_label_set_attributes (GTK_LABEL (label), attrs);
  gtk_widget_set_margin_top (label, 16);
  gtk_widget_set_margin_bottom (label, 16);
  gtk_widget_set_margin_start (label, 16);
  gtk_widget_set_margin_end (label, 16);
  gtk_window_set_child (GTK_WINDOW (window), label);
  gtk_window_present (GTK_WINDOW (window));
  {
    g_autoptr(GdkTexture) shot = kasir_test_render (window, "kitchen-ticket.png");

    g_assert_nonnull (shot);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The till's window on @db (with @service, which may be NULL), @staff signed in on shift
 * @shift_id, printing its kitchen tickets as PDFs in @tickets. */
static KasirWindow *
open_till (KasirDatabase    *db,
           KasirSyncService *service,
           const char       *tickets,
           const KasirStaff *staff,
           const char       *shift_id)
{
  KasirWindow *window = g_object_new (KASIR_TYPE_WINDOW, NULL);

  g_assert_cmpint (g_mkdir_with_parents (tickets, 0700), ==, 0);
  kasir_open_order_set_ticket_dir (tickets);
  kasir_window_set_database (window, db);
  if (service != NULL)
    kasir_window_set_sync_service (window, service);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  kasir_till_context_set_staff (kasir_window_get_context (window), staff);
  kasir_till_context_set_shift_id (kasir_window_get_context (window), shift_id);
  return window;
}

static void
test_send_add_pay (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *tickets = g_build_filename (dir, "tickets", NULL);
  g_autoptr(KasirDatabase) db = make_db (dir);
  g_autoptr(KasirOpenOrderRepository) repository = kasir_open_order_repository_new (db);
  g_autoptr(GPtrArray) printed = NULL;
  g_autoptr(KasirOpenOrder) order = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *second_text = NULL;
  g_autofree char *shift_id = kasir_uuid_new ();
  KasirStaff sari = { 3, 1, (char *) "Sari", (char *) "cashier", NULL, TRUE };
  KasirWindow *window;
  KasirSellingView *view;
  KasirCartView *cart_view;
  KasirTillContext *context;
  KasirOpenOrdersWindow *list;
  KasirMoney total;

  window = open_till (db, NULL, tickets, &sari, shift_id);
  context = kasir_window_get_context (window);
  view = kasir_window_get_selling_view (window);
  cart_view = kasir_selling_view_get_cart_view (view);

  /* An empty cart is not sent. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "sell.send-order", NULL));
  iterate ();
  g_assert_null (find_window (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (strstr (kasir_selling_view_get_message (view), "no order to send"));

  /* Two coffees and a bread for "Meja 4": the ticket prints, the till is free. */
  add (view, 1);
  add (view, 1);
  add (view, 3);
  send_order (view, "Meja 4");
  g_assert_true (kasir_cart_view_is_empty (cart_view));
  g_assert_cmpuint (count_files (tickets, "ticket-7-0001"), ==, 1);

  list = open_orders (view);
  g_assert_cmpuint (kasir_open_orders_window_get_n_orders (list), ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (kasir_open_orders_window_get_row (list, 0))),
                   ==, "Meja 4");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (kasir_open_orders_window_get_row (list, 0))),
                            "Sari"));
  {
    g_autoptr(GdkTexture) shot = kasir_test_render (GTK_WIDGET (list), "open-orders.png");
  }
  /* Taken back to the till, one more tea, sent again: a ticket of the tea alone. */
  g_signal_emit_by_name (kasir_open_orders_window_get_row (list, 0), "activate");
  kasir_test_settle (50);
  g_assert_cmpuint (kasir_cart_view_get_cart (cart_view)->lines->len, ==, 2);
  g_assert_nonnull (kasir_cart_view_get_cart (cart_view)->open_order_id);
  add (view, 2);
  total = kasir_cart_view_get_cart (cart_view)->total;
  g_assert_cmpint (total, ==, 2 * 18000 + 12500 + 8000);
  send_order (view, NULL);
  g_assert_cmpuint (count_files (tickets, "ticket-7-0002"), ==, 1);

  {
    g_autoptr(GPtrArray) all = kasir_open_order_repository_list (repository, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, 1);
    order = kasir_open_order_copy (all->pdata[0]);
  }
  printed = kasir_open_order_repository_tickets (repository, order->order_id, &error);
  g_assert_cmpuint (printed->len, ==, 2);
  first_text = kasir_open_order_ticket_text (context, order, printed->pdata[0], FALSE);
  second_text = kasir_open_order_ticket_text (context, order, printed->pdata[1], FALSE);
  g_assert_nonnull (strstr (first_text, "2 x Kopi Susu"));
  g_assert_nonnull (strstr (first_text, "1 x Roti Coklat"));
  g_assert_null (strstr (first_text, "Teh"));
  g_assert_nonnull (strstr (second_text, "ADDED"));
  g_assert_nonnull (strstr (second_text, "1 x Teh Manis"));
  g_assert_null (strstr (second_text, "Kopi"));
  g_assert_nonnull (strstr (first_text, "Meja 4"));
  render_ticket (first_text);

  /* A reprint prints both again. */
  list = open_orders (view);
  g_assert_true (kasir_open_orders_window_reprint (list, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_files (tickets, "ticket-"), ==, 4);

  /* Paid: taken to the till and paid, the order leaves the list. */
  g_signal_emit_by_name (kasir_open_orders_window_get_row (list, 0), "activate");
  kasir_test_settle (50);
  g_assert_cmpint (kasir_cart_view_get_cart (cart_view)->total, ==, total);
  {
    g_autoptr(GPtrArray) payments = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_payment_free);
    g_autoptr(KasirSale) sale = NULL;

    g_ptr_array_add (payments, kasir_payment_new (KASIR_PAYMENT_CASH, total));
    sale = kasir_cart_to_sale (kasir_cart_view_get_cart (cart_view), payments, 0, &error);
    g_assert_no_error (error);
    g_assert_true (kasir_sales_repository_commit_sale (kasir_till_context_get_sales_repository (context), sale, &error));
    g_assert_no_error (error);
  }
  kasir_selling_view_new_sale (view);
  list = open_orders (view);
  g_assert_cmpuint (kasir_open_orders_window_get_n_orders (list), ==, 0);
  gtk_window_destroy (GTK_WINDOW (list));

  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
  kasir_open_order_set_ticket_dir (NULL);
  g_clear_object (&repository);
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

/* The Orders button: the button that runs sell.open-orders. */
static gboolean
is_orders_button (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "sell.open-orders") == 0;
}

/* Lets the main loop run until the Orders button says @expected; the count is made on
 * the sync service's database worker, so it arrives a moment later. */
static void
assert_orders_label (GtkButton  *button,
                     const char *expected)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_strcmp0 (gtk_button_get_label (button), expected) != 0 && g_get_monotonic_time () < deadline)
    kasir_test_settle (10);
  g_assert_cmpstr (gtk_button_get_label (button), ==, expected);
}

/* The Orders button counts the open orders as soon as this till sends, cancels or pays
 * one, with no sync in between (the till has no server to sync with here). */
static void
test_orders_count (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = store_test_tmp_dir ();
  g_autofree char *tickets = g_build_filename (dir, "tickets", NULL);
  g_autoptr(KasirDatabase) db = make_db (dir);
  g_autoptr(KasirSyncService) service = NULL;
  g_autofree char *shift_id = kasir_uuid_new ();
  KasirStaff sari = { 3, 1, (char *) "Sari", (char *) "cashier", NULL, TRUE };
  KasirWindow *window;
  KasirSellingView *view;
  KasirCartView *cart_view;
  KasirTillContext *context;
  KasirOpenOrdersWindow *list;
  KasirCheckoutDialog *checkout;
  GtkButton *button;

  service = kasir_sync_service_new (db, NULL, &error);
  g_assert_no_error (error);
  window = open_till (db, service, tickets, &sari, shift_id);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  context = kasir_window_get_context (window);
  view = kasir_window_get_selling_view (window);
  cart_view = kasir_selling_view_get_cart_view (view);
  button = GTK_BUTTON (kasir_test_find_widget (GTK_WIDGET (cart_view), is_orders_button, NULL));
  g_assert_nonnull (button);
  assert_orders_label (button, "_Orders");

  /* Two orders sent: two wait. */
  add (view, 1);
  send_order (view, "Meja 4");
  assert_orders_label (button, "_Orders (1)");
  add (view, 2);
  send_order (view, "Meja 5");
  assert_orders_label (button, "_Orders (2)");

  /* One cancelled with a manager's approval: one waits. */
  list = open_orders (view);
  g_assert_cmpuint (kasir_open_orders_window_get_n_orders (list), ==, 2);
  g_assert_true (kasir_open_orders_window_cancel (list, 0, "tamu pergi", 1, &error));
  g_assert_no_error (error);
  assert_orders_label (button, "_Orders (1)");

  /* The other taken to the till and paid: none waits. */
  g_signal_emit_by_name (kasir_open_orders_window_get_row (list, 0), "activate");
  kasir_test_settle (50);
  g_assert_nonnull (kasir_cart_view_get_cart (cart_view)->open_order_id);
  assert_orders_label (button, "_Orders (1)");
  checkout = kasir_checkout_dialog_new (GTK_WINDOW (window), kasir_cart_view_get_cart (cart_view), context);
  g_assert_true (kasir_checkout_dialog_add_payment (checkout, KASIR_PAYMENT_CASH,
                                                    kasir_cart_view_get_cart (cart_view)->total, &error));
  g_assert_no_error (error);
  g_assert_true (kasir_checkout_dialog_commit (checkout, &error));
  g_assert_no_error (error);
  assert_orders_label (button, "_Orders");

  gtk_window_destroy (GTK_WINDOW (checkout));
  if (find_window (KASIR_TYPE_OPEN_ORDERS_WINDOW) != NULL)
    gtk_window_destroy (find_window (KASIR_TYPE_OPEN_ORDERS_WINDOW));
  gtk_window_destroy (GTK_WINDOW (window));
  kasir_test_settle (50);
  g_assert_null (window);
  kasir_sync_service_shutdown (service);
  g_clear_object (&service);
  kasir_open_order_set_ticket_dir (NULL);
  g_clear_object (&db);
  store_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Kasir/UiOpenOrders/send-add-pay", test_send_add_pay);
  g_test_add_func ("/Kasir/UiOpenOrders/orders-count", test_orders_count);

  return g_test_run ();
}
