/* kasir-line-note.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-cart-note.h"
#include "kasir-line-note.h"

typedef struct
{
  KasirCartView *cart_view;
  guint          index;
} Prompt;

static void
prompt_free (gpointer  data,
             GClosure *closure)
{
  Prompt *prompt = data;

  g_clear_object (&prompt->cart_view);
  g_free (prompt);
}

static const char *
prompt_body (void)
{
  return _("Printed under the item on the kitchen ticket and the receipt.");
}

static void
on_prompt_response (AdwMessageDialog *dialog,
                    const char       *response,
                    Prompt           *prompt)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);
  GtkWidget *alert;

  if (g_strcmp0 (response, "save") != 0)
    return;
  if (kasir_cart_view_set_line_note (prompt->cart_view, prompt->index,
                                     gtk_editable_get_text (GTK_EDITABLE (entry)), &error))
    return;

  /* The line keeps the note it had, and the reason is said. */
  alert = adw_message_dialog_new (gtk_window_get_transient_for (GTK_WINDOW (dialog)),
                                  _("The Note Was Not Kept"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (alert));
}

/* A note too long is said while it is typed, and cannot be saved. */
static void
on_entry_changed (GtkEditable      *entry,
                  AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(GError) error = NULL;
  gboolean ok = kasir_cart_note_check (text, &error);

  adw_message_dialog_set_body (dialog, ok ? prompt_body () : error->message);
  adw_message_dialog_set_response_enabled (dialog, "save", ok);
}

static void
on_entry_activate (GtkEntry         *entry,
                   AdwMessageDialog *dialog)
{
  if (!adw_message_dialog_get_response_enabled (dialog, "save"))
    {
      gtk_widget_error_bell (GTK_WIDGET (entry));
      return;
    }
  adw_message_dialog_response (dialog, "save");
  gtk_window_close (GTK_WINDOW (dialog));
}

GtkWidget *
kasir_line_note_prompt_new (GtkWindow     *parent,
                            KasirCartView *cart_view,
                            guint          index)
{
  const KasirCart *cart;
  const KasirCartLine *line;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  GtkWidget *entry;
  Prompt *prompt;

  g_return_val_if_fail (KASIR_IS_CART_VIEW (cart_view), NULL);
  cart = kasir_cart_view_get_cart (cart_view);
  g_return_val_if_fail (index < cart->lines->len, NULL);

  line = g_ptr_array_index (cart->lines, index);
  /* Translators: the heading of the dialog that writes a note on a cart line. */
  heading = g_strdup_printf (_("Note on %s"), line->name);
  dialog = adw_message_dialog_new (parent, heading, prompt_body ());
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), line->note != NULL ? line->note : "");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("For example: no ice, for Budi"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Note on the line"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save Note"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  prompt = g_new0 (Prompt, 1);
  prompt->cart_view = g_object_ref (cart_view);
  prompt->index = index;
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_prompt_response), prompt, prompt_free, 0);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_entry_changed), dialog, 0);
  g_signal_connect_object (entry, "activate", G_CALLBACK (on_entry_activate), dialog, 0);
  gtk_widget_grab_focus (entry);

  return dialog;
}

const char *
kasir_line_note_activate (GtkWindow     *parent,
                          KasirCartView *cart_view)
{
  const KasirCart *cart = kasir_cart_view_get_cart (cart_view);
  int index = kasir_cart_view_get_selected_line (cart_view);

  /* With nothing selected, the note goes on the last line added. */
  if (index < 0)
    index = (int) cart->lines->len - 1;
  if (index < 0)
    return _("The cart is empty: there is no line to write a note on");
  gtk_window_present (GTK_WINDOW (kasir_line_note_prompt_new (parent, cart_view, (guint) index)));
  return NULL;
}
