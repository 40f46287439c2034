/* kasir-open-order-send.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-cart-repository.h"
#include "kasir-catalog-repository.h"
#include "kasir-kitchen-ticket.h"
#include "kasir-open-order-send.h"

static char *ticket_dir;

void
kasir_open_order_set_ticket_dir (const char *directory)
{
  g_free (ticket_dir);
  ticket_dir = g_strdup (directory);
}

static void
fill_options (KasirKitchenTicketOptions *options,
              const KasirOpenOrder      *order,
              const KasirOrderTicket    *ticket,
              gboolean                   reprint)
{
  options->ticket_no = ticket->ticket_no;
  options->created_at = ticket->created_at;
  options->order_type = order->order_type;
  options->order_ref = order->order_ref;
  options->label = order->label;
  options->staff = order->staff_name != NULL && order->staff_name[0] != '\0' ? order->staff_name : NULL;
  options->addition = ticket->addition;
  options->reprint = reprint;
}

static GPtrArray *
split (KasirTillContext       *context,
       const KasirOrderTicket *ticket)
{
  g_autoptr(GVariant) stations = g_settings_get_value (kasir_till_context_get_settings (context),
                                                      "kitchen-stations");
  g_autoptr(KasirCatalogRepository) catalog = kasir_catalog_repository_new (kasir_till_context_get_database (context));

  return kasir_kitchen_ticket_split (ticket->items, stations, catalog);
}

static guint
columns (KasirTillContext *context)
{
  return kasir_kitchen_ticket_columns (g_settings_get_enum (kasir_till_context_get_settings (context),
                                                            "kitchen-ticket-width"));
}

char *
kasir_open_order_ticket_text (KasirTillContext        *context,
                              const KasirOpenOrder    *order,
                              const KasirOrderTicket  *ticket,
                              gboolean                 reprint)
{
  KasirKitchenTicketOptions options = { 0 };

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);

  fill_options (&options, order, ticket, reprint);
  return kasir_kitchen_ticket_build_text (ticket->items, &options, columns (context));
}

/* A ticket's share for each station, printed (or written as PDFs for the tests): a
 * reprint, or a VOID one when @void_reason is given. */
static gboolean
print_batches (KasirTillContext        *context,
               const KasirOpenOrder    *order,
               const KasirOrderTicket  *ticket,
               gboolean                 reprint,
               const char              *void_reason,
               GtkWindow               *parent,
               GError                 **error)
{
  g_autoptr(GPtrArray) batches = NULL;
  const char *suffix = void_reason != NULL ? "-void" : reprint ? "-again" : "";
  KasirReceiptWidth width;

  width = g_settings_get_enum (kasir_till_context_get_settings (context), "kitchen-ticket-width");
  batches = split (context, ticket);
  for (guint i = 0; i < batches->len; i++)
    {
      const KasirKitchenBatch *batch = batches->pdata[i];
      KasirKitchenTicketOptions options = { 0 };
      g_autofree char *text = NULL;
      g_autoptr(KasirReceiptPrinter) printer = NULL;

      fill_options (&options, order, ticket, reprint);
      options.station = batch->station;
      options.void_reason = void_reason;
      text = kasir_kitchen_ticket_build_text (batch->items, &options, kasir_kitchen_ticket_columns (width));
      printer = kasir_kitchen_ticket_new_printer (text, batch->station, width);
      if (ticket_dir != NULL)
        {
          g_autofree char *name = batch->station != NULL
            ? g_strdup_printf ("ticket-%s-%s%s.pdf", ticket->ticket_no, batch->station, suffix)
            : g_strdup_printf ("ticket-%s%s.pdf", ticket->ticket_no, suffix);
          g_autofree char *path = g_build_filename (ticket_dir, name, NULL);

          if (!kasir_receipt_printer_export_pdf (printer, path, error))
            return FALSE;
        }
      else if (!kasir_receipt_printer_print (printer, parent, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
kasir_open_order_print_ticket (KasirTillContext        *context,
                               const KasirOpenOrder    *order,
                               const KasirOrderTicket  *ticket,
                               gboolean                 reprint,
                               GtkWindow               *parent,
                               GError                 **error)
{
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), FALSE);

  return print_batches (context, order, ticket, reprint, NULL, parent, error);
}

/* The VOID ticket of @order (every item its kitchen was asked for), or NULL with nothing
 * to print (*error unset) or an error. */
static KasirOrderTicket *
void_ticket (const KasirOpenOrder  *order,
             GError               **error)
{
  g_autoptr(KasirOrderTicket) ticket = g_new0 (KasirOrderTicket, 1);
  g_autoptr(JsonNode) sent = json_from_string (order->sent != NULL ? order->sent : "[]", NULL);

  ticket->items = kasir_kitchen_items_from_json (sent, error);
  if (ticket->items == NULL || ticket->items->len == 0)
    return NULL;
  ticket->order_id = g_strdup (order->order_id);
  /* The ticket is named by the order (its own tickets' numbers are this till's). */
  ticket->ticket_no = g_strndup (order->order_id, 8);
  ticket->created_at = kasir_now_rfc3339 ();
  return g_steal_pointer (&ticket);
}

gboolean
kasir_open_order_print_void (KasirTillContext      *context,
                             const KasirOpenOrder  *order,
                             const char            *reason,
                             GtkWindow             *parent,
                             GError               **error)
{
  g_autoptr(KasirOrderTicket) ticket = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), FALSE);
  g_return_val_if_fail (order != NULL && reason != NULL, FALSE);

  ticket = void_ticket (order, &local_error);
  /* An order the kitchen was never asked for needs no ticket. */
  if (ticket == NULL)
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return print_batches (context, order, ticket, FALSE, reason, parent, error);
}

char *
kasir_open_order_void_text (KasirTillContext      *context,
                            const KasirOpenOrder  *order,
                            const char            *reason)
{
  g_autoptr(KasirOrderTicket) ticket = NULL;
  KasirKitchenTicketOptions options = { 0 };

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (order != NULL && reason != NULL, NULL);

  ticket = void_ticket (order, NULL);
  if (ticket == NULL)
    return NULL;
  fill_options (&options, order, ticket, FALSE);
  options.void_reason = reason;
  return kasir_kitchen_ticket_build_text (ticket->items, &options, columns (context));
}

gboolean
kasir_open_order_send (KasirTillContext  *context,
                       KasirCartView     *cart_view,
                       const char        *label,
                       GtkWindow         *parent,
                       GError           **print_error,
                       GError           **error)
{
  g_autoptr(KasirOpenOrderRepository) orders = NULL;
  g_autoptr(KasirCart) cart = NULL;
  g_autoptr(KasirOrderTicket) ticket = NULL;
  g_autoptr(KasirOpenOrder) order = NULL;
  const KasirStaff *staff;
  KasirDatabase *database;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), FALSE);
  g_return_val_if_fail (KASIR_IS_CART_VIEW (cart_view), FALSE);

  database = kasir_till_context_get_database (context);
  if (database == NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE, _("The till has no database open"));
      return FALSE;
    }
  staff = kasir_till_context_get_staff (context);
  orders = kasir_open_order_repository_new (database);
  cart = kasir_cart_copy (kasir_cart_view_get_cart (cart_view));
  ticket = kasir_open_order_repository_send (orders, cart, label, staff != NULL ? staff->id : 0,
                                             staff != NULL ? staff->name : NULL,
                                             kasir_till_context_get_shift_id (context), error);
  if (ticket == NULL)
    return FALSE;
  /* The send's transaction already cleared the saved cart: the next customer's turn. */
  kasir_cart_view_reset_after_sale (cart_view);
  {
    KasirSyncService *service = kasir_till_context_get_sync_service (context);

    if (service != NULL)
      kasir_sync_service_outbox_changed (service);
  }
  /* The order is sent whatever the printer says: a ticket that did not print is
   * reprinted from Open Orders. */
  order = kasir_open_order_repository_get (orders, ticket->order_id, print_error);
  if (order != NULL)
    kasir_open_order_print_ticket (context, order, ticket, FALSE, parent, print_error);
  return TRUE;
}

typedef struct
{
  KasirTillContext *context;
  KasirCartView    *cart_view;
} Prompt;

static void
prompt_free (gpointer  data,
             GClosure *closure)
{
  Prompt *prompt = data;

  g_clear_object (&prompt->context);
  g_clear_object (&prompt->cart_view);
  g_free (prompt);
}

static void
say (GtkWindow  *parent,
     const char *heading,
     const char *body)
{
  GtkWidget *alert = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (alert));
}

static void
on_prompt_response (AdwMessageDialog *dialog,
                    const char       *response,
                    Prompt           *prompt)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) print_error = NULL;
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));

  if (g_strcmp0 (response, "send") != 0)
    return;
  if (!kasir_open_order_send (prompt->context, prompt->cart_view, gtk_editable_get_text (GTK_EDITABLE (entry)),
                              parent, &print_error, &error))
    say (parent, _("The Order Was Not Sent"), error->message);
  else if (print_error != NULL && !g_error_matches (print_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    say (parent, _("The Kitchen Ticket Was Not Printed"), print_error->message);
}

static void
on_entry_activate (GtkEntry         *entry,
                   AdwMessageDialog *dialog)
{
  adw_message_dialog_response (dialog, "send");
  gtk_window_close (GTK_WINDOW (dialog));
}

GtkWidget *
kasir_open_order_prompt_new (GtkWindow        *parent,
                             KasirTillContext *context,
                             KasirCartView    *cart_view)
{
  const KasirCart *cart;
  GtkWidget *dialog;
  GtkWidget *entry;
  Prompt *prompt;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (KASIR_IS_CART_VIEW (cart_view), NULL);

  cart = kasir_cart_view_get_cart (cart_view);
  dialog = adw_message_dialog_new (parent, _("Send This Order?"),
                                   cart->open_order_id != NULL
                                   ? _("The items added since the order was last sent go to the kitchen, "
                                       "and the cart is emptied. The order stays open until it is paid.")
                                   : _("The kitchen ticket prints, the order stays open until it is paid, "
                                       "and the cart is emptied for the next customer. Find it again "
                                       "in Open Orders."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Name, table or note (optional)"));
  gtk_entry_set_max_length (GTK_ENTRY (entry), 60);
  gtk_widget_set_visible (entry, cart->open_order_id == NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Name of the order"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "send", _("_Send Order"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "send");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  prompt = g_new0 (Prompt, 1);
  prompt->context = g_object_ref (context);
  prompt->cart_view = g_object_ref (cart_view);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_prompt_response), prompt, prompt_free, 0);
  g_signal_connect_object (entry, "activate", G_CALLBACK (on_entry_activate), dialog, 0);
  gtk_widget_grab_focus (entry);

  return dialog;
}
