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
#include "kasir-ui-format.h"
#include "kasir-ui-money.h"

struct _KasirHeldSalesWindow
{
  KasirTillDialog  parent_instance;

  KasirCartView   *cart_view;
  GPtrArray       *held;        /* KasirHeldCart* */
  GPtrArray       *rows;        /* GtkListBoxRow*, not owned */
  char            *message;

  GtkListBox      *list;
  GtkLabel        *message_label;
  GtkStack        *stack;
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

static GtkWidget *
make_row (KasirHeldSalesWindow *self,
          const KasirHeldCart  *held)
{
  KasirTillContext *context = kasir_till_dialog_get_context (KASIR_TILL_DIALOG (self));
  g_autofree char *when = kasir_ui_format_time (held->held_at);
  g_autofree char *total = kasir_ui_money_format (held->total, kasir_till_context_get_currency (context));
  g_autofree char *subtitle = NULL;
  g_autofree char *items = NULL;
  const char *title;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *total_label = gtk_label_new (total);

  items = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " item", "%" PRId64 " items",
                                        held->n_items),
                           held->n_items);
  /* Translators: a held sale's details: who held it, when, and how many items. */
  subtitle = g_strdup_printf (_("%s · %s · %s"),
                              held->staff_name[0] != '\0' ? held->staff_name : _("Unknown cashier"),
                              when, items);
  title = held->label[0] != '\0' ? held->label : _("Held sale");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  if (is_flagged (self, held))
    {
      GtkWidget *flag = gtk_label_new (_("Earlier shift"));

      gtk_widget_add_css_class (flag, "warning");
      gtk_widget_add_css_class (flag, "caption-heading");
      gtk_widget_set_valign (flag, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (flag, _("Held before the open shift began"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), flag);
    }
  gtk_widget_add_css_class (total_label, "numeric");
  gtk_widget_add_css_class (total_label, "title-4");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), total_label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

  return row;
}

static void
set_message (KasirHeldSalesWindow *self,
             const char           *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
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
      set_message (self, error->message);
      self->held = g_ptr_array_new ();
    }
  for (guint i = 0; i < self->held->len; i++)
    {
      GtkWidget *row = make_row (self, self->held->pdata[i]);

      gtk_list_box_append (self->list, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_stack_set_visible_child_name (self->stack, self->held->len > 0 ? "list" : "empty");
  if (self->held->len > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->rows->pdata[0]));
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
      set_message (self, error->message);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
build (KasirHeldSalesWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *empty = adw_status_page_new ();

  gtk_box_append (GTK_BOX (box), header);

  self->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->message_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Message"), -1);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Held sales"), -1);
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (on_row_activated), self, 0);

  gtk_widget_set_margin_top (inner, 18);
  gtk_widget_set_margin_bottom (inner, 18);
  gtk_widget_set_margin_start (inner, 12);
  gtk_widget_set_margin_end (inner, 12);
  gtk_box_append (GTK_BOX (inner), GTK_WIDGET (self->message_label));
  gtk_box_append (GTK_BOX (inner), GTK_WIDGET (self->list));
  adw_clamp_set_child (ADW_CLAMP (clamp), inner);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "document-open-recent-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Held Sales"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Hold a sale with Ctrl+H to serve the next customer and "
                                     "recall it here later."));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_stack_add_named (self->stack, scrolled, "list");
  gtk_stack_add_named (self->stack, empty, "empty");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_window_set_content (ADW_WINDOW (self), box);
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

  return index < self->rows->len ? self->rows->pdata[index] : NULL;
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

  return self->message;
}

static void
kasir_held_sales_window_dispose (GObject *object)
{
  KasirHeldSalesWindow *self = KASIR_HELD_SALES_WINDOW (object);

  g_clear_object (&self->cart_view);
  g_clear_pointer (&self->held, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (kasir_held_sales_window_parent_class)->dispose (object);
}

static void
kasir_held_sales_window_finalize (GObject *object)
{
  KasirHeldSalesWindow *self = KASIR_HELD_SALES_WINDOW (object);

  g_free (self->message);

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
  self->rows = g_ptr_array_new ();
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
  build (self);
  load (self);

  return self;
}
