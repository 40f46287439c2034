/* kasir-open-orders-window.c — the open orders of the outlet.
 *
 * Each row says the order's name or table, who sent it, when, from which till, and its
 * total. This till's orders are always listed; the other tills' come from the server
 * (asked for as the window opens, when the till is online, and after each sync by the
 * sync service) and can be paid or cancelled here only while the till is online:
 * offline, the server cannot tell whether another till paid one meanwhile. Cancelling
 * an order takes a reason and a manager, and prints a VOID kitchen ticket.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-approval.h"
#include "kasir-cart-repository.h"
#include "kasir-open-order-cancel.h"
#include "kasir-open-order-repository.h"
#include "kasir-open-order-send.h"
#include "kasir-open-orders-window.h"
#include "kasir-order-type.h"
#include "kasir-row-list.h"
#include "kasir-sync-client.h"
#include "kasir-sync-service.h"
#include "kasir-ui-format.h"
#include "kasir-ui-money.h"

struct _KasirOpenOrdersWindow
{
  KasirTillDialog  parent_instance;

  KasirCartView   *cart_view;
  GPtrArray       *orders;      /* KasirOpenOrder*, a row each */
  KasirRowList     rows;
  GCancellable    *refresh;
};

G_DEFINE_FINAL_TYPE (KasirOpenOrdersWindow, kasir_open_orders_window, KASIR_TYPE_TILL_DIALOG)

static KasirTillContext *
context_of (KasirOpenOrdersWindow *self)
{
  return kasir_till_dialog_get_context (KASIR_TILL_DIALOG (self));
}

/* The server answers now: another till's order may be paid here. */
static KasirSyncClient *
online_client (KasirOpenOrdersWindow *self)
{
  KasirSyncService *service = kasir_till_context_get_sync_service (context_of (self));
  KasirSyncStatus state;

  if (service == NULL)
    return NULL;
  state = kasir_sync_service_get_state (service);
  if (state != KASIR_SYNC_STATUS_ONLINE && state != KASIR_SYNC_STATUS_SYNCING)
    return NULL;
  return kasir_sync_service_get_client (service);
}

static char *
order_title (const KasirOpenOrder *order)
{
  if (order->label != NULL && order->label[0] != '\0')
    return g_strdup (order->label);
  if (order->order_type != NULL && order->order_ref != NULL)
    /* Translators: an order known by its table, e.g. "Table 4". */
    return g_strdup_printf (_("%s %s"), kasir_order_ref_label (order->order_type), order->order_ref);
  if (order->order_type != NULL)
    return g_strdup (kasir_order_type_label (order->order_type));
  return g_strdup (_("Open order"));
}

static void
set_message (KasirOpenOrdersWindow *self,
             const char            *message)
{
  kasir_row_list_set_message (&self->rows, message);
}

static void
on_reprint_clicked (GtkButton             *button,
                    KasirOpenOrdersWindow *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);
  int index = row != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : -1;

  if (index < 0 || (guint) index >= self->orders->len)
    return;
  if (!kasir_open_orders_window_reprint (self, index, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_message (self, error->message);
}

static void
on_cancel_clicked (GtkButton             *button,
                   KasirOpenOrdersWindow *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);
  int index = row != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : -1;

  if (index < 0 || (guint) index >= self->orders->len)
    return;
  gtk_window_present (GTK_WINDOW (kasir_open_orders_window_cancel_prompt (self, index)));
}

static void
add_row (KasirOpenOrdersWindow *self,
         const KasirOpenOrder  *order)
{
  KasirTillContext *context = context_of (self);
  g_autofree char *when = kasir_ui_format_time (order->opened_at);
  g_autofree char *total = kasir_ui_money_format (order->total, kasir_till_context_get_currency (context));
  g_autofree char *title = order_title (order);
  g_autofree char *subtitle = NULL;
  AdwActionRow *row;
  GtkWidget *where = gtk_label_new (order->own ? _("This till") : order->terminal_name);
  GtkWidget *reprint;

  /* Translators: an open order's details: who sent it and when. */
  subtitle = g_strdup_printf (_("%s · %s"),
                              order->staff_name != NULL && order->staff_name[0] != '\0'
                              ? order->staff_name : _("Unknown cashier"), when);
  row = kasir_row_list_append (&self->rows, title, subtitle);
  gtk_widget_add_css_class (where, order->own ? "accent" : "dim-label");
  gtk_widget_add_css_class (where, "caption-heading");
  gtk_widget_set_valign (where, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (row, where);
  kasir_row_list_add_total (row, total);
  if (order->own)
    {
      reprint = gtk_button_new_from_icon_name ("printer-symbolic");
      gtk_widget_set_valign (reprint, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (reprint, "flat");
      gtk_widget_set_tooltip_text (reprint, _("Reprint the kitchen tickets"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (reprint), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Reprint the kitchen tickets"), -1);
      g_signal_connect_object (reprint, "clicked", G_CALLBACK (on_reprint_clicked), self, 0);
      adw_action_row_add_suffix (row, reprint);
    }
  reprint = gtk_button_new_from_icon_name ("edit-delete-symbolic");
  gtk_widget_set_name (reprint, "cancel-order");
  gtk_widget_set_valign (reprint, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (reprint, "flat");
  gtk_widget_set_tooltip_text (reprint, _("Cancel the order"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (reprint), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Cancel the order"), -1);
  g_signal_connect_object (reprint, "clicked", G_CALLBACK (on_cancel_clicked), self, 0);
  adw_action_row_add_suffix (row, reprint);
  adw_action_row_add_suffix (row, gtk_image_new_from_icon_name ("go-next-symbolic"));
}

static void
load (KasirOpenOrdersWindow *self)
{
  g_autoptr(KasirOpenOrderRepository) repository = NULL;
  g_autoptr(GError) error = NULL;

  kasir_row_list_clear (&self->rows);
  repository = kasir_open_order_repository_new (kasir_till_context_get_database (context_of (self)));
  g_clear_pointer (&self->orders, g_ptr_array_unref);
  self->orders = kasir_open_order_repository_list (repository, &error);
  if (self->orders == NULL)
    {
      set_message (self, error->message);
      self->orders = g_ptr_array_new ();
    }
  for (guint i = 0; i < self->orders->len; i++)
    add_row (self, self->orders->pdata[i]);
  kasir_row_list_show (&self->rows);
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KasirOpenOrdersWindow) self = user_data;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirOpenOrderRepository) repository = NULL;

  listed = kasir_sync_client_open_orders_finish (KASIR_SYNC_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->refresh == NULL)
    return;
  g_clear_object (&self->refresh);
  if (listed == NULL)
    {
      /* Translators: %s is why the server's list could not be had. */
      g_autofree char *text = g_strdup_printf (_("The other tills' orders could not be fetched: %s"),
                                               error->message);

      set_message (self, text);
      return;
    }
  repository = kasir_open_order_repository_new (kasir_till_context_get_database (context_of (self)));
  if (!kasir_open_order_repository_replace_listed (repository, listed, &error))
    {
      set_message (self, error->message);
      return;
    }
  load (self);
}

/* The sync service kept a new listing of the outlet's orders: the list follows it. */
static void
on_orders_changed (KasirSyncService      *service,
                   guint                  n_orders,
                   KasirOpenOrdersWindow *self)
{
  if (self->orders != NULL)
    load (self);
}

static void
on_row_activated (GtkListBox            *list,
                  GtkListBoxRow         *row,
                  KasirOpenOrdersWindow *self)
{
  KasirTillContext *context = context_of (self);
  g_autoptr(KasirOpenOrderRepository) repository = NULL;
  g_autoptr(KasirCartRepository) carts = NULL;
  g_autoptr(KasirCart) taken = NULL;
  g_autoptr(GError) error = NULL;
  int index = gtk_list_box_row_get_index (row);
  const KasirOpenOrder *order;
  const KasirCart *shown;

  if (index < 0 || (guint) index >= self->orders->len)
    return;
  order = self->orders->pdata[index];
  shown = kasir_cart_view_get_cart (self->cart_view);
  repository = kasir_open_order_repository_new (kasir_till_context_get_database (context));
  if (shown->lines->len > 0)
    g_set_error (&error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                 _("Finish or hold the sale in progress before taking an order"));
  else
    taken = kasir_open_order_repository_take (repository, order->order_id, online_client (self) != NULL, &error);
  if (taken == NULL)
    {
      set_message (self, error->message);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  /* Taking it made it the saved current cart: the view reads it from there. */
  carts = kasir_cart_repository_new (kasir_till_context_get_database (context));
  if (!kasir_cart_view_load (self->cart_view, carts, shown->currency, shown->tax_inclusive, &error))
    {
      set_message (self, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

gboolean
kasir_open_orders_window_cancel (KasirOpenOrdersWindow  *self,
                                 guint                   index,
                                 const char             *reason,
                                 gint64                  approved_by,
                                 GError                **error)
{
  KasirTillContext *context;
  const KasirStaff *staff;
  g_autoptr(KasirOpenOrder) order = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) print_error = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));

  g_return_val_if_fail (KASIR_IS_OPEN_ORDERS_WINDOW (self), FALSE);
  g_return_val_if_fail (index < self->orders->len, FALSE);

  context = context_of (self);
  staff = kasir_till_context_get_staff (context);
  order = kasir_open_order_cancel (kasir_till_context_get_database (context),
                                   ((KasirOpenOrder *) self->orders->pdata[index])->order_id, trimmed,
                                   staff != NULL ? staff->id : 0, approved_by,
                                   online_client (self) != NULL, &local_error);
  if (order == NULL)
    {
      set_message (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  load (self);
  /* Its order.cancel is queued: sent soon, and the Orders button counts one less. */
  {
    KasirSyncService *service = kasir_till_context_get_sync_service (context);

    if (service != NULL)
      kasir_sync_service_outbox_changed (service);
  }
  /* The order is cancelled whatever the printer does; a failed VOID ticket is said. */
  if (!kasir_open_order_print_void (context, order, trimmed, GTK_WINDOW (self), &print_error) &&
      !g_error_matches (print_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: %s is why the printer failed. */
      g_autofree char *text = g_strdup_printf (_("The order is cancelled, but its VOID kitchen ticket "
                                                 "was not printed: %s"), print_error->message);

      set_message (self, text);
    }
  return TRUE;
}

typedef struct
{
  KasirOpenOrdersWindow *self;
  char                  *order_id;
  char                  *reason;
} CancelRequest;

static void
cancel_request_free (CancelRequest *request)
{
  g_clear_object (&request->self);
  g_free (request->order_id);
  g_free (request->reason);
  g_free (request);
}

static void
cancel_request_notify (gpointer  data,
                       GClosure *closure)
{
  cancel_request_free (data);
}

static void
on_cancel_approved (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CancelRequest *request = user_data;
  KasirOpenOrdersWindow *self = request->self;
  g_autoptr(GError) error = NULL;
  gint64 approver = kasir_approval_request_finish (result, &error);

  /* Nothing to do when the window was closed meanwhile. */
  if (self->orders != NULL && approver <= 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_message (self, error != NULL ? error->message : _("The order was not cancelled"));
  /* The list may have changed meanwhile: the order is found again by its id. */
  for (guint i = 0; self->orders != NULL && approver > 0 && i < self->orders->len; i++)
    if (g_str_equal (((KasirOpenOrder *) self->orders->pdata[i])->order_id, request->order_id))
      {
        kasir_open_orders_window_cancel (self, i, request->reason, approver, NULL);
        break;
      }
  cancel_request_free (request);
}

static void
on_cancel_response (AdwMessageDialog *dialog,
                    const char       *response,
                    CancelRequest    *request)
{
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  CancelRequest *approval;

  if (g_strcmp0 (response, "cancel-order") != 0)
    return;
  if (reason[0] == '\0')
    {
      set_message (request->self, _("Say in one line why the order is cancelled"));
      return;
    }
  approval = g_new0 (CancelRequest, 1);
  approval->self = g_object_ref (request->self);
  approval->order_id = g_strdup (request->order_id);
  approval->reason = g_steal_pointer (&reason);
  kasir_approval_request_async (context_of (request->self), GTK_WINDOW (request->self), KASIR_APPROVAL_VOID,
                                _("Cancelling an open order needs a manager. Enter a manager’s PIN."),
                                NULL, on_cancel_approved, approval);
}

static void
on_cancel_entry_activate (GtkEntry         *entry,
                          AdwMessageDialog *dialog)
{
  adw_message_dialog_response (dialog, "cancel-order");
  gtk_window_close (GTK_WINDOW (dialog));
}

GtkWidget *
kasir_open_orders_window_cancel_prompt (KasirOpenOrdersWindow *self,
                                        guint                  index)
{
  const KasirOpenOrder *order;
  g_autofree char *title = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  GtkWidget *entry;
  CancelRequest *request;

  g_return_val_if_fail (KASIR_IS_OPEN_ORDERS_WINDOW (self), NULL);
  g_return_val_if_fail (index < self->orders->len, NULL);

  order = self->orders->pdata[index];
  title = order_title (order);
  /* Translators: %s names the order, e.g. "Cancel Meja 7?". */
  heading = g_strdup_printf (_("Cancel %s?"), title);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("The order leaves every till’s list and cannot be paid. A VOID "
                                     "ticket tells the kitchen. A manager approves it."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Why is it cancelled?"));
  gtk_entry_set_max_length (GTK_ENTRY (entry), KASIR_ORDER_CANCEL_REASON_MAX);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason for cancelling the order"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep the Order"),
                                    "cancel-order", _("C_ancel the Order"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-order",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  request = g_new0 (CancelRequest, 1);
  request->self = g_object_ref (self);
  request->order_id = g_strdup (order->order_id);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_cancel_response), request,
                         cancel_request_notify, 0);
  g_signal_connect_object (entry, "activate", G_CALLBACK (on_cancel_entry_activate), dialog, 0);
  gtk_widget_grab_focus (entry);

  return dialog;
}

gboolean
kasir_open_orders_window_reprint (KasirOpenOrdersWindow  *self,
                                  guint                   index,
                                  GError                **error)
{
  KasirTillContext *context;
  g_autoptr(KasirOpenOrderRepository) repository = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  const KasirOpenOrder *order;

  g_return_val_if_fail (KASIR_IS_OPEN_ORDERS_WINDOW (self), FALSE);
  g_return_val_if_fail (index < self->orders->len, FALSE);

  context = context_of (self);
  order = self->orders->pdata[index];
  repository = kasir_open_order_repository_new (kasir_till_context_get_database (context));
  tickets = kasir_open_order_repository_tickets (repository, order->order_id, error);
  if (tickets == NULL)
    return FALSE;
  for (guint i = 0; i < tickets->len; i++)
    if (!kasir_open_order_print_ticket (context, order, tickets->pdata[i], TRUE, GTK_WINDOW (self), error))
      return FALSE;
  return TRUE;
}

guint
kasir_open_orders_window_get_n_orders (KasirOpenOrdersWindow *self)
{
  g_return_val_if_fail (KASIR_IS_OPEN_ORDERS_WINDOW (self), 0);
  return self->orders->len;
}

GtkListBoxRow *
kasir_open_orders_window_get_row (KasirOpenOrdersWindow *self,
                                  guint                  index)
{
  g_return_val_if_fail (KASIR_IS_OPEN_ORDERS_WINDOW (self), NULL);
  return kasir_row_list_get_row (&self->rows, index);
}

gboolean
kasir_open_orders_window_get_refreshing (KasirOpenOrdersWindow *self)
{
  g_return_val_if_fail (KASIR_IS_OPEN_ORDERS_WINDOW (self), FALSE);
  return self->refresh != NULL;
}

const char *
kasir_open_orders_window_get_message (KasirOpenOrdersWindow *self)
{
  g_return_val_if_fail (KASIR_IS_OPEN_ORDERS_WINDOW (self), NULL);
  return self->rows.message;
}

static void
kasir_open_orders_window_dispose (GObject *object)
{
  KasirOpenOrdersWindow *self = KASIR_OPEN_ORDERS_WINDOW (object);

  g_cancellable_cancel (self->refresh);
  g_clear_object (&self->refresh);
  g_clear_object (&self->cart_view);
  g_clear_pointer (&self->orders, g_ptr_array_unref);

  G_OBJECT_CLASS (kasir_open_orders_window_parent_class)->dispose (object);
}

static void
kasir_open_orders_window_finalize (GObject *object)
{
  KasirOpenOrdersWindow *self = KASIR_OPEN_ORDERS_WINDOW (object);

  kasir_row_list_free_data (&self->rows);

  G_OBJECT_CLASS (kasir_open_orders_window_parent_class)->finalize (object);
}

static void
kasir_open_orders_window_class_init (KasirOpenOrdersWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_open_orders_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = kasir_open_orders_window_finalize;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kasir_open_orders_window_init (KasirOpenOrdersWindow *self)
{
}

KasirOpenOrdersWindow *
kasir_open_orders_window_new (GtkWindow        *parent,
                              KasirTillContext *context,
                              KasirCartView    *cart_view)
{
  KasirOpenOrdersWindow *self;
  KasirSyncClient *client;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (kasir_till_context_get_database (context) != NULL, NULL);
  g_return_val_if_fail (KASIR_IS_CART_VIEW (cart_view), NULL);

  self = g_object_new (KASIR_TYPE_OPEN_ORDERS_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       "title", _("Open Orders"),
                       "default-width", 600,
                       "default-height", 520,
                       "context", context,
                       NULL);
  self->cart_view = g_object_ref (cart_view);
  kasir_row_list_build (&self->rows, ADW_WINDOW (self), _("Open orders"), _("No Open Orders"),
                        _("Send an order to the kitchen with Ctrl+K before it is paid; it waits here until it is."),
                        G_CALLBACK (on_row_activated), self);
  load (self);
  if (kasir_till_context_get_sync_service (context) != NULL)
    g_signal_connect_object (kasir_till_context_get_sync_service (context), "orders-changed",
                             G_CALLBACK (on_orders_changed), self, 0);
  client = online_client (self);
  if (client != NULL)
    {
      self->refresh = g_cancellable_new ();
      kasir_sync_client_open_orders_async (client, self->refresh, on_listed, g_object_ref (self));
    }
  else if (kasir_till_context_get_sync_service (context) != NULL)
    set_message (self, _("This till is offline: only its own orders are listed and can be paid here."));

  return self;
}
