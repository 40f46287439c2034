/* kasir-held-sale.c — holding the sale in progress and recalling a held one at the till.
 *
 * A minimarket cashier parks a sale when the customer runs back for one more item and
 * serves the next person meanwhile. The cart moves into the held list in the database
 * (kasir-held-cart-repository.c), so a held sale survives a crash like the current cart.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-held-sale.h"
#include "kasir-held-cart-repository.h"
#include "kasir-cart-repository.h"

gboolean
kasir_held_sale_hold (KasirTillContext  *context,
                      KasirCartView     *cart_view,
                      const char        *label,
                      GError           **error)
{
  g_autoptr(KasirHeldCartRepository) held = NULL;
  KasirDatabase *database;
  const KasirStaff *staff;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), FALSE);
  g_return_val_if_fail (KASIR_IS_CART_VIEW (cart_view), FALSE);

  database = kasir_till_context_get_database (context);
  if (database == NULL)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                   _("The till has no database open"));
      return FALSE;
    }
  staff = kasir_till_context_get_staff (context);
  held = kasir_held_cart_repository_new (database);
  if (kasir_held_cart_repository_hold (held, kasir_cart_view_get_cart (cart_view), label,
                                       staff != NULL ? staff->id : 0,
                                       staff != NULL ? staff->name : NULL,
                                       kasir_till_context_get_shift_id (context), error) == 0)
    return FALSE;

  /* The hold's transaction already cleared the saved cart. */
  kasir_cart_view_reset_after_sale (cart_view);

  return TRUE;
}

gboolean
kasir_held_sale_recall (KasirTillContext  *context,
                        KasirCartView     *cart_view,
                        gint64             id,
                        GError           **error)
{
  g_autoptr(KasirHeldCartRepository) held = NULL;
  g_autoptr(KasirCartRepository) carts = NULL;
  g_autoptr(KasirCart) recalled = NULL;
  const KasirCart *shown;
  KasirDatabase *database;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), FALSE);
  g_return_val_if_fail (KASIR_IS_CART_VIEW (cart_view), FALSE);

  database = kasir_till_context_get_database (context);
  shown = kasir_cart_view_get_cart (cart_view);
  if (database == NULL || shown->lines->len > 0)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                   _("Finish or hold the sale in progress before recalling another"));
      return FALSE;
    }

  held = kasir_held_cart_repository_new (database);
  recalled = kasir_held_cart_repository_recall (held, id, error);
  if (recalled == NULL)
    return FALSE;

  /* The recall's transaction made it the saved current cart: the view reads it from
   * there as after a restart, with today's tax mode. */
  carts = kasir_cart_repository_new (database);

  return kasir_cart_view_load (cart_view, carts, shown->currency, shown->tax_inclusive, error);
}

typedef struct
{
  KasirTillContext *context;
  KasirCartView    *cart_view;
} Prompt;

static void
prompt_free (gpointer data,
             GClosure *closure)
{
  Prompt *prompt = data;

  g_clear_object (&prompt->context);
  g_clear_object (&prompt->cart_view);
  g_free (prompt);
}

static void
on_prompt_response (AdwMessageDialog *dialog,
                    const char       *response,
                    Prompt           *prompt)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);
  GtkWidget *alert;

  if (g_strcmp0 (response, "hold") != 0)
    return;
  if (kasir_held_sale_hold (prompt->context, prompt->cart_view,
                            gtk_editable_get_text (GTK_EDITABLE (entry)), &error))
    return;

  /* Nothing was held: the sale stays in the cart, and the reason is said. */
  alert = adw_message_dialog_new (gtk_window_get_transient_for (GTK_WINDOW (dialog)),
                                  _("The Sale Was Not Held"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (alert));
}

/* Enter in the label holds, as the default button does. */
static void
on_entry_activate (GtkEntry         *entry,
                   AdwMessageDialog *dialog)
{
  adw_message_dialog_response (dialog, "hold");
  gtk_window_close (GTK_WINDOW (dialog));
}

GtkWidget *
kasir_held_sale_prompt_new (GtkWindow        *parent,
                            KasirTillContext *context,
                            KasirCartView    *cart_view)
{
  GtkWidget *dialog;
  GtkWidget *entry;
  Prompt *prompt;

  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (KASIR_IS_CART_VIEW (cart_view), NULL);

  dialog = adw_message_dialog_new (parent, _("Hold This Sale?"),
                                   _("The sale is parked and the cart is emptied for the next "
                                     "customer. Recall it later from Held Sales."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Name, table or note (optional)"));
  gtk_entry_set_max_length (GTK_ENTRY (entry), 60);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Label of the held sale"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "hold", _("_Hold Sale"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "hold",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "hold");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  prompt = g_new0 (Prompt, 1);
  prompt->context = g_object_ref (context);
  prompt->cart_view = g_object_ref (cart_view);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_prompt_response), prompt, prompt_free, 0);
  g_signal_connect_object (entry, "activate", G_CALLBACK (on_entry_activate), dialog, 0);
  gtk_widget_grab_focus (entry);

  return dialog;
}
