/* kasir-held-sales-window.c — the held sales, to recall one into the till's cart.
 *
 * Each row says who held the sale, when, its label, how many items and its total. A sale
 * held before the open shift began (or in a shift that has since closed) is flagged, so
 * the cashier who closes or opens a shift sees what was left parked.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kasir-held-sales-window.h"
#include "kasir-held-sale.h"
#include "kasir-held-cart-repository.h"
#include "kasir-row-list.h"
#include "kasir-ui-format.h"
#include "kasir-ui-money.h"

struct _KasirHeldSalesWindow
{
  KasirTillDialog  parent_instance;

  KasirCartView   *cart_view;
  GPtrArray       *held;        /* KasirHeldCart*, a row each */
  KasirRowList     rows;
};

G_DEFINE_FINAL_TYPE (KasirHeldSalesWindow, kasir_held_sales_window, KASIR_TYPE_TILL_DIALOG)

static gboolean
is_flagged (KasirHeldSalesWindow *self,
            const KasirHeldCart  *held)
{
  KasirTillContext *context = kasir_till_dialog_get_context (KASIR_TILL_DIALOG (self));
  const char *shift_id = kasir_till_context_get_shift_id (context);

  return shift_id == NULL || g_strcmp0 (held->shift_id, shift_id) != 0;
}

static void
add_row (KasirHeldSalesWindow *self,
         const KasirHeldCart  *held)
{
  KasirTillContext *context = kasir_till_dialog_get_context (KASIR_TILL_DIALOG (self));
  g_autofree char *when = kasir_ui_format_time (held->held_at);
  g_autofree char *total = kasir_ui_money_format (held->total, kasir_till_context_get_currency (context));
  g_autofree char *subtitle = NULL;
  g_autofree char *items = NULL;
  AdwActionRow *row;

  items = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " item", "%" PRId64 " items",
                                        held->n_items),
                           held->n_items);
  /* Translators: a held sale's details: who held it, when, and how many items. */
  subtitle = g_strdup_printf (_("%s · %s · %s"),
                              held->staff_name[0] != '\0' ? held->staff_name : _("Unknown cashier"),
                              when, items);
  row = kasir_row_list_append (&self->rows, held->label[0] != '\0' ? held->label : _("Held sale"), subtitle);
  if (is_flagged (self, held))
    {
      GtkWidget *flag = gtk_label_new (_("Earlier shift"));

      gtk_widget_add_css_class (flag, "warning");
      gtk_widget_add_css_class (flag, "caption-heading");
      gtk_widget_set_valign (flag, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (flag, _("Held before the open shift began"));
      adw_action_row_add_suffix (row, flag);
    }
  kasir_row_list_add_total (row, total);
  adw_action_row_add_suffix (row, gtk_image_new_from_icon_name ("go-next-symbolic"));
}

static void
load (KasirHeldSalesWindow *self)
{
  KasirTillContext *context = kasir_till_dialog_get_context (KASIR_TILL_DIALOG (self));
  g_autoptr(KasirHeldCartRepository) repository = NULL;
  g_autoptr(GError) error = NULL;

  repository = kasir_held_cart_repository_new (kasir_till_context_get_database (context));
  g_clear_pointer (&self->held, g_ptr_array_unref);
  self->held = kasir_held_cart_repository_list (repository, &error);
  if (self->held == NULL)
    {
      kasir_row_list_set_message (&self->rows, error->message);
      self->held = g_ptr_array_new ();
    }
  for (guint i = 0; i < self->held->len; i++)
    add_row (self, self->held->pdata[i]);
  kasir_row_list_show (&self->rows);
  if (self->held->len > 0)
    gtk_widget_grab_focus (GTK_WIDGET (kasir_row_list_get_row (&self->rows, 0)));
}

static void
on_row_activated (GtkListBox           *list,
                  GtkListBoxRow        *row,
                  KasirHeldSalesWindow *self)
{
  KasirTillContext *context = kasir_till_dialog_get_context (KASIR_TILL_DIALOG (self));
  g_autoptr(GError) error = NULL;
  int index = gtk_list_box_row_get_index (row);
  const KasirHeldCart *held;

  if (index < 0 || (guint) index >= self->held->len)
    return;
  held = self->held->pdata[index];
  if (!kasir_held_sale_recall (context, self->cart_view, held->id, &error))
    {
      kasir_row_list_set_message (&self->rows, error->message);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

char *
kasir_held_sales_close_note (KasirDatabase *database)
{
  g_autoptr(KasirHeldCartRepository) repository = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  repository = kasir_held_cart_repository_new (database);
  if (!kasir_held_cart_repository_count (repository, NULL, &n, &error))
    return g_strdup_printf (_("The held sales could not be counted: %s"), error->message);
  if (n == 0)
    return NULL;

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%" PRId64 " sale is still held. It stays held after the "
                                       "close, flagged as from an earlier shift: recall it and "
                                       "finish it, or clear it, in the next shift.",
                                       "%" PRId64 " sales are still held. They stay held after the "
                                       "close, flagged as from an earlier shift: recall them and "
                                       "finish them, or clear them, in the next shift.",
                                       n),
                          n);
}

guint
kasir_held_sales_window_get_n_held (KasirHeldSalesWindow *self)
{
  g_return_val_if_fail (KASIR_IS_HELD_SALES_WINDOW (self), 0);

  return self->held->len;
}

GtkListBoxRow *
kasir_held_sales_window_get_row (KasirHeldSalesWindow *self,
                                 guint                 index)
{
  g_return_val_if_fail (KASIR_IS_HELD_SALES_WINDOW (self), NULL);

  return kasir_row_list_get_row (&self->rows, index);
}

gboolean
kasir_held_sales_window_is_flagged (KasirHeldSalesWindow *self,
                                    guint                 index)
{
  g_return_val_if_fail (KASIR_IS_HELD_SALES_WINDOW (self), FALSE);
  g_return_val_if_fail (index < self->held->len, FALSE);

  return is_flagged (self, self->held->pdata[index]);
}

const char *
kasir_held_sales_window_get_message (KasirHeldSalesWindow *self)
{
  g_return_val_if_fail (KASIR_IS_HELD_SALES_WINDOW (self), NULL);

  return self->rows.message;
}

static void
kasir_held_sales_window_dispose (GObject *object)
{
  KasirHeldSalesWindow *self = KASIR_HELD_SALES_WINDOW (object);

  g_clear_object (&self->cart_view);
  g_clear_pointer (&self->held, g_ptr_array_unref);

  G_OBJECT_CLASS (kasir_held_sales_window_parent_class)->dispose (object);
}

static void
kasir_held_sales_window_finalize (GObject *object)
{
  KasirHeldSalesWindow *self = KASIR_HELD_SALES_WINDOW (object);

  kasir_row_list_free_data (&self->rows);

  G_OBJECT_CLASS (kasir_held_sales_window_parent_class)->finalize (object);
}

static void
kasir_held_sales_window_class_init (KasirHeldSalesWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_held_sales_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = kasir_held_sales_window_finalize;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kasir_held_sales_window_init (KasirHeldSalesWindow *self)
{
}

KasirHeldSalesWindow *
kasir_held_sales_window_new (GtkWindow        *parent,
                             KasirTillContext *context,
                             KasirCartView    *cart_view)
{
  KasirHeldSalesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KASIR_IS_TILL_CONTEXT (context), NULL);
  g_return_val_if_fail (kasir_till_context_get_database (context) != NULL, NULL);
  g_return_val_if_fail (KASIR_IS_CART_VIEW (cart_view), NULL);

  self = g_object_new (KASIR_TYPE_HELD_SALES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       "title", _("Held Sales"),
                       "default-width", 560,
                       "default-height", 520,
                       "context", context,
                       NULL);
  self->cart_view = g_object_ref (cart_view);
  kasir_row_list_build (&self->rows, ADW_WINDOW (self), _("Held sales"), _("No Held Sales"),
                        _("Hold a sale with Ctrl+H to serve the next customer and recall it here later."),
                        G_CALLBACK (on_row_activated), self);
  load (self);

  return self;
}
