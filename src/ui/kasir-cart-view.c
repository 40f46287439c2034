/* kasir-cart-view.c — the cart being sold: lines, adjustments, totals.
 *
 * Every change is made on a copy of the cart, computed, and only then kept: a change the
 * cart rules refuse (a percentage over 100, an overflowing quantity) leaves the cart as it
 * was and shows why. A kept change is saved through the cart repository before the view
 * shows it, so what the cashier sees is what a crash would bring back.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-cart-row.h"
#include "kasir-cart-view.h"
#include "kasir-order-button.h"
#include "kasir-discount-check.h"
#include "kasir-money-input.h"
#include "kasir-ui-money.h"
#include "kasir-cart-note.h"

/* The most of one product on one line; more is a typing slip, not a sale. */
#define MAX_LINE_QTY 100000

/* Which adjustment a popover edits: a line index, or one of these. */
enum {
  TARGET_CART_DISCOUNT = -1,
  TARGET_FEE = -2,
};

struct _KasirCartView
{
  GtkWidget            parent_instance;

  KasirCartRepository *repository;
  KasirCart           *cart;
  gint64               approval_above_bp;
  GArray              *row_products;    /* gint64 per row on screen, in order */
  KasirCart           *pending;         /* a discount waiting for approval, computed */

  GtkWidget           *box;
  GtkListBox          *lines_box;
  GtkMenuButton       *discount_button;
  GtkMenuButton       *fee_button;
  GtkWidget           *adjust_box;
  KasirOrderButton    *order_button;
  GtkLabel            *subtotal_value;
  GtkLabel            *discount_value;
  GtkLabel            *fee_value;
  GtkLabel            *tax_label;
  GtkLabel            *tax_value;
  GtkLabel            *total_value;
  GtkLabel            *message_label;
  GtkWidget           *pay_button;
  GtkButton           *orders_button;
};

G_DEFINE_FINAL_TYPE (KasirCartView, kasir_cart_view, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  DISCOUNT_APPROVAL_NEEDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void rebuild (KasirCartView *self);

static void
show_message (KasirCartView *self,
              const char    *message)
{
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

/* Computes @candidate, saves it and makes it the cart. Takes @candidate. */
static gboolean
commit_change (KasirCartView  *self,
               KasirCart      *candidate,
               GError        **error)
{
  g_autoptr(KasirCart) cart = candidate;
  g_autoptr(GError) local_error = NULL;

  if (!kasir_cart_compute (cart, &local_error))
    {
      show_message (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (self->repository != NULL &&
      !kasir_cart_repository_save (self->repository, cart, &local_error))
    {
      g_autofree char *message = g_strdup_printf (_("The cart could not be saved: %s"),
                                                  local_error->message);

      show_message (self, message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  kasir_cart_free (self->cart);
  self->cart = g_steal_pointer (&cart);
  show_message (self, NULL);
  rebuild (self);
  g_signal_emit (self, signals[CHANGED], 0);

  return TRUE;
}

/* A discount change: refused when it asks for more than it discounts, held for a
 * manager when it takes more than the shop allows, kept otherwise. Takes @candidate. */
static gboolean
commit_discount (KasirCartView  *self,
                 KasirCart      *candidate,
                 int             target,
                 GError        **error)
{
  g_autoptr(KasirCart) cart = candidate;
  g_autoptr(GError) local_error = NULL;
  gint64 share;

  if (!kasir_cart_compute (cart, &local_error) ||
      !kasir_cart_discount_fits (cart, target, &local_error))
    {
      show_message (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  share = kasir_cart_discount_share (cart, target);
  if (self->approval_above_bp > 0 && share > self->approval_above_bp)
    {
      g_autofree char *limit = g_strdup_printf ("%" G_GINT64_FORMAT "%%", self->approval_above_bp / 100);
      g_autofree char *message = NULL;

      if (!g_signal_has_handler_pending (self, signals[DISCOUNT_APPROVAL_NEEDED], 0, FALSE))
        {
          /* Translators: %s is the shop's limit, such as "20%". */
          message = g_strdup_printf (_("A discount above %s needs a manager’s approval"), limit);
          show_message (self, message);
          g_set_error_literal (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID, message);
          return FALSE;
        }

      g_clear_pointer (&self->pending, kasir_cart_free);
      self->pending = g_steal_pointer (&cart);
      /* Translators: %s is the shop's limit, such as "20%". */
      message = g_strdup_printf (_("A discount above %s waits for a manager’s approval"), limit);
      show_message (self, message);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING, message);
      g_signal_emit (self, signals[DISCOUNT_APPROVAL_NEEDED], 0, target, share);
      return FALSE;
    }

  return commit_change (self, g_steal_pointer (&cart), error);
}

void
kasir_cart_view_set_discount_approval (KasirCartView *self,
                                       gint64         above_bp)
{
  g_return_if_fail (KASIR_IS_CART_VIEW (self));
  g_return_if_fail (above_bp >= 0 && above_bp <= 10000);

  self->approval_above_bp = above_bp;
}

gboolean
kasir_cart_view_has_pending_discount (KasirCartView *self)
{
  g_return_val_if_fail (KASIR_IS_CART_VIEW (self), FALSE);

  return self->pending != NULL;
}

gboolean
kasir_cart_view_finish_discount_approval (KasirCartView  *self,
                                          gboolean        approved,
                                          GError        **error)
{
  g_autoptr(KasirCart) pending = NULL;

  g_return_val_if_fail (KASIR_IS_CART_VIEW (self), FALSE);

  pending = g_steal_pointer (&self->pending);
  if (pending == NULL)
    return TRUE;
  if (!approved)
    {
      show_message (self, _("The discount was not approved"));
      return TRUE;
    }
  /* The cart may have changed meanwhile; the approved discount goes on the cart as it
   * is now only if its lines are still the ones approved. */
  if (pending->lines->len != self->cart->lines->len)
    {
      show_message (self, _("The cart changed; enter the discount again"));
      g_set_error_literal (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                           _("The cart changed; enter the discount again"));
      return FALSE;
    }

  return commit_change (self, g_steal_pointer (&pending), error);
}

static KasirCart *
copy_cart (KasirCartView *self)
{
  return kasir_cart_copy (self->cart);
}

static gboolean
check_index (KasirCartView  *self,
             guint           index,
             GError        **error)
{
  if (index < self->cart->lines->len)
    return TRUE;

  g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
               _("There is no such line in the cart"));
  show_message (self, _("There is no such line in the cart"));
  return FALSE;
}

gboolean
kasir_cart_view_add_product (KasirCartView       *self,
                             const KasirProduct  *product,
                             gint64               qty,
                             GError             **error)
{
  return kasir_cart_view_add_product_with_options (self, product, qty, NULL, error);
}

gboolean
kasir_cart_view_add_product_with_options (KasirCartView       *self,
                                          const KasirProduct  *product,
                                          gint64               qty,
                                          GPtrArray           *options,
                                          GError             **error)
{
  KasirCart *candidate;
  KasirCartLine *line;

  g_return_val_if_fail (KASIR_IS_CART_VIEW (self), FALSE);
  g_return_val_if_fail (product != NULL, FALSE);

  if (qty <= 0 || qty > MAX_LINE_QTY)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                   _("A quantity must be between 1 and %d"), MAX_LINE_QTY);
      return FALSE;
    }
  /* A product made on this till waits for the server's id before it can be sold. */
  if (product->id <= 0)
    {
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                   _("“%s” is new and waits for the server: sync, then sell it"), product->name);
      return FALSE;
    }

  candidate = copy_cart (self);
  line = kasir_cart_add_product_with_options (candidate, product, qty, options);
  if (line == NULL || line->qty > MAX_LINE_QTY)
    {
      kasir_cart_free (candidate);
      g_set_error (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID,
                   _("A quantity must be between 1 and %d"), MAX_LINE_QTY);
      return FALSE;
    }

  if (!commit_change (self, candidate, error))
    return FALSE;

  /* The line the cashier just added is the one Delete or the quantity keys act on. */
  for (guint i = 0; i < self->cart->lines->len; i++)
    {
      KasirCartLine *l = g_ptr_array_index (self->cart->lines, i);

      if (l->product_id == product->id && l->discount.kind == KASIR_ADJUST_NONE)
        kasir_cart_view_select_line (self, i);
    }

  return TRUE;
}

gboolean
kasir_cart_view_set_line_qty (KasirCartView  *self,
                              guint           index,
                              gint64          qty,
                              GError        **error)
{
  g_autoptr(KasirCart) candidate = NULL;

  g_return_val_if_fail (KASIR_IS_CART_VIEW (self), FALSE);

  if (!check_index (self, index, error))
    return FALSE;
  if (qty > MAX_LINE_QTY)
    {
      g_autofree char *message = g_strdup_printf (_("A quantity must be between 1 and %d"),
                                                  MAX_LINE_QTY);

      show_message (self, message);
      g_set_error_literal (error, KASIR_MODEL_ERROR, KASIR_MODEL_ERROR_INVALID, message);
      return FALSE;
    }
  if (qty <= 0)
    return kasir_cart_view_remove_line (self, index, error);

  candidate = copy_cart (self);
  if (!kasir_cart_set_qty (candidate, index, qty, error))
    return FALSE;

  return commit_change (self, g_steal_pointer (&candidate), error);
}

gboolean
kasir_cart_view_remove_line (KasirCartView  *self,
                             guint           index,
                             GError        **error)
{
  KasirCart *candidate;
  int selected;

  g_return_val_if_fail (KASIR_IS_CART_VIEW (self), FALSE);

  if (!check_index (self, index, error))
    return FALSE;

  selected = kasir_cart_view_get_selected_line (self);
  candidate = copy_cart (self);
  kasir_cart_remove_line (candidate, index);
  if (!commit_change (self, candidate, error))
    return FALSE;

  /* Keep a line selected so Delete can be pressed again to void the next one. */
  if (self->cart->lines->len > 0 && selected >= 0)
    kasir_cart_view_select_line (self, MIN ((guint) selected, self->cart->lines->len - 1));

  return TRUE;
}

gboolean
kasir_cart_view_set_line_discount (KasirCartView    *self,
                                   guint             index,
                                   KasirAdjustKind   kind,
                                   gint64            value,
                                   GError          **error)
{
  KasirCart *candidate;
  KasirCartLine *line;

  g_return_val_if_fail (KASIR_IS_CART_VIEW (self), FALSE);

  if (!check_index (self, index, error))
    return FALSE;

  candidate = copy_cart (self);
  line = g_ptr_array_index (candidate->lines, index);
  line->discount.kind = kind;
  line->discount.value = kind == KASIR_ADJUST_NONE ? 0 : value;

  return commit_discount (self, candidate, (int) index, error);
}

gboolean
kasir_cart_view_set_discount (KasirCartView    *self,
                              KasirAdjustKind   kind,
                              gint64            value,
                              GError          **error)
{
  KasirCart *candidate;

  g_return_val_if_fail (KASIR_IS_CART_VIEW (self), FALSE);

  candidate = copy_cart (self);
  candidate->discount.kind = kind;
  candidate->discount.value = kind == KASIR_ADJUST_NONE ? 0 : value;

  return commit_discount (self, candidate, KASIR_DISCOUNT_SALE, error);
}

gboolean
kasir_cart_view_set_fee (KasirCartView    *self,
                         KasirAdjustKind   kind,
                         gint64            value,
                         GError          **error)
{
  KasirCart *candidate;

  g_return_val_if_fail (KASIR_IS_CART_VIEW (self), FALSE);

  candidate = copy_cart (self);
  candidate->fee.kind = kind;
  candidate->fee.value = kind == KASIR_ADJUST_NONE ? 0 : value;

  return commit_change (self, candidate, error);
}

gboolean
kasir_cart_view_set_order (KasirCartView  *self,
                           const char     *order_type,
                           const char     *ref,
                           GError        **error)
{
  g_autoptr(KasirCart) candidate = NULL;

  g_return_val_if_fail (KASIR_IS_CART_VIEW (self), FALSE);

  candidate = copy_cart (self);
  if (!kasir_cart_set_order (candidate, order_type, ref, error))
    return FALSE;

  return commit_change (self, g_steal_pointer (&candidate), error);
}

gboolean
kasir_cart_view_set_line_note (KasirCartView  *self,
                               guint           index,
                               const char     *note,
                               GError        **error)
{
  g_autoptr(KasirCart) candidate = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (KASIR_IS_CART_VIEW (self), FALSE);

  if (!check_index (self, index, error))
    return FALSE;
  candidate = copy_cart (self);
  if (!kasir_cart_set_line_note (candidate, index, note, &local_error))
    {
      show_message (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return commit_change (self, g_steal_pointer (&candidate), error);
}

void
kasir_cart_view_set_open_orders (KasirCartView *self,
                                 guint          n_orders)
{
  g_autofree char *label = NULL;

  g_return_if_fail (KASIR_IS_CART_VIEW (self));

  /* Translators: the Orders button with how many open orders wait, e.g. "Orders (3)". */
  label = n_orders > 0 ? g_strdup_printf (_("_Orders (%u)"), n_orders) : g_strdup (_("_Orders"));
  gtk_button_set_label (self->orders_button, label);
}

gboolean
kasir_cart_view_set_customer (KasirCartView  *self,
                              gint64          customer_id,
                              GError        **error)
{
  KasirCart *candidate;

  g_return_val_if_fail (KASIR_IS_CART_VIEW (self), FALSE);

  candidate = copy_cart (self);
  candidate->customer_id = customer_id;

  return commit_change (self, candidate, error);
}

gboolean
kasir_cart_view_clear (KasirCartView  *self,
                       GError        **error)
{
  KasirCart *candidate;

  g_return_val_if_fail (KASIR_IS_CART_VIEW (self), FALSE);

  candidate = kasir_cart_new (self->cart->currency, self->cart->tax_inclusive);

  return commit_change (self, candidate, error);
}

void
kasir_cart_view_reset_after_sale (KasirCartView *self)
{
  KasirCart *fresh;

  g_return_if_fail (KASIR_IS_CART_VIEW (self));

  fresh = kasir_cart_new (self->cart->currency, self->cart->tax_inclusive);
  kasir_cart_compute (fresh, NULL);
  kasir_cart_free (self->cart);
  self->cart = fresh;
  show_message (self, NULL);
  rebuild (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

const KasirCart *
kasir_cart_view_get_cart (KasirCartView *self)
{
  g_return_val_if_fail (KASIR_IS_CART_VIEW (self), NULL);

  return self->cart;
}

gboolean
kasir_cart_view_is_empty (KasirCartView *self)
{
  g_return_val_if_fail (KASIR_IS_CART_VIEW (self), TRUE);

  return self->cart->lines->len == 0;
}

int
kasir_cart_view_get_selected_line (KasirCartView *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (KASIR_IS_CART_VIEW (self), -1);

  row = gtk_list_box_get_selected_row (self->lines_box);

  return row != NULL ? gtk_list_box_row_get_index (row) : -1;
}

void
kasir_cart_view_select_line (KasirCartView *self,
                             int            index)
{
  GtkListBoxRow *row;

  g_return_if_fail (KASIR_IS_CART_VIEW (self));

  row = index >= 0 ? gtk_list_box_get_row_at_index (self->lines_box, index) : NULL;
  if (row != NULL)
    gtk_list_box_select_row (self->lines_box, row);
  else
    gtk_list_box_unselect_all (self->lines_box);
}

/* ---- Adjustment popovers ---- */

static gboolean
apply_adjustment (KasirCartView    *self,
                  int               target,
                  KasirAdjustKind   kind,
                  gint64            value,
                  GError          **error)
{
  if (target == TARGET_CART_DISCOUNT)
    return kasir_cart_view_set_discount (self, kind, value, error);
  if (target == TARGET_FEE)
    return kasir_cart_view_set_fee (self, kind, value, error);

  return kasir_cart_view_set_line_discount (self, (guint) target, kind, value, error);
}

/* One adjustment popover's controls and what it adjusts (a line's index, or a
 * cart-wide target), shared by its handlers. The popover holds a reference, dropped
 * when it is destroyed; a handler that may see it destroyed holds one of its own. */
typedef struct
{
  KasirCartView  *self;
  GtkWidget      *popover;
  GtkEditable    *entry;
  GtkCheckButton *percent;
  GtkLabel       *error_label;
  int             target;
} Adjuster;

static void
on_adjust_apply (GtkWidget *widget,
                 Adjuster  *adjuster)
{
  KasirCartView *self = adjuster->self;
  GtkWidget *popover = adjuster->popover;
  GtkCheckButton *percent = adjuster->percent;
  GtkLabel *error_label = adjuster->error_label;
  int target = adjuster->target;
  const char *text = gtk_editable_get_text (adjuster->entry);
  g_autoptr(GError) error = NULL;
  KasirAdjustKind kind;
  gint64 value = 0;
  gboolean ok;

  if (text[0] == '\0')
    {
      kind = KASIR_ADJUST_NONE;
      ok = TRUE;
    }
  /* "Rp 20.000" is an amount even with "In percent" still ticked from before. */
  else if (kasir_text_is_percent (text) ||
           (gtk_check_button_get_active (percent) &&
            !kasir_text_names_currency (text, kasir_currency_lookup (self->cart->currency))))
    {
      kind = KASIR_ADJUST_PERCENT;
      ok = kasir_ui_percent_parse (text, &value, &error);
    }
  else
    {
      kind = KASIR_ADJUST_FLAT;
      ok = kasir_ui_money_parse (text, self->cart->currency, &value, &error);
      if (ok && value < 0)
        {
          ok = FALSE;
          g_set_error (&error, KASIR_MONEY_ERROR, KASIR_MONEY_ERROR_INVALID,
                       _("An amount cannot be negative"));
        }
    }

  /* The popover belongs to a row that a successful change rebuilds, so it is popped
   * down before the change. */
  if (ok)
    {
      g_object_ref (popover);
      gtk_popover_popdown (GTK_POPOVER (popover));
      ok = apply_adjustment (self, target, kind, value, &error);
      g_object_unref (popover);
    }

  /* A failed change rebuilds nothing, so the popover and its label are still there. */

  if (!ok)
    {
      gtk_label_set_label (error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (error_label), TRUE);
      show_message (self, error->message);
    }
}

static void
on_adjust_remove (GtkButton *button,
                  Adjuster  *adjuster)
{
  KasirCartView *self = adjuster->self;
  int target = adjuster->target;

  /* Applying rebuilds the row, and with it the popover and this Adjuster. */
  gtk_popover_popdown (GTK_POPOVER (adjuster->popover));
  apply_adjustment (self, target, KASIR_ADJUST_NONE, 0, NULL);
}

static char *
format_adjustment (KasirCartView         *self,
                   const KasirAdjustment *adjust)
{
  if (adjust->kind == KASIR_ADJUST_PERCENT)
    {
      KasirNumberFormat format;

      kasir_number_format_current (&format);
      if (adjust->value % 100 == 0)
        return g_strdup_printf ("%" G_GINT64_FORMAT, adjust->value / 100);
      return g_strdup_printf ("%" G_GINT64_FORMAT "%s%02" G_GINT64_FORMAT,
                              adjust->value / 100,
                              format.decimal_mark == ',' ? "," : ".",
                              adjust->value % 100);
    }
  if (adjust->kind == KASIR_ADJUST_FLAT)
    {
      const KasirCurrency *currency = kasir_currency_lookup (self->cart->currency);
      KasirNumberFormat format;

      kasir_number_format_current (&format);
      return kasir_money_format (adjust->value, currency != NULL ? currency : NULL, &format);
    }

  return g_strdup ("");
}

static GtkWidget *
make_adjust_popover (KasirCartView         *self,
                     int                    target,
                     const char            *title,
                     const KasirAdjustment *current)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *percent = gtk_check_button_new_with_mnemonic (_("In _percent"));
  GtkWidget *error_label = gtk_label_new (NULL);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *remove = gtk_button_new_with_mnemonic (_("_Remove"));
  GtkWidget *apply = gtk_button_new_with_mnemonic (_("_Apply"));
  Adjuster *adjuster = g_new0 (Adjuster, 1);
  g_autofree char *value = NULL;

  adjuster->self = self;
  adjuster->popover = popover;
  adjuster->entry = GTK_EDITABLE (entry);
  adjuster->percent = GTK_CHECK_BUTTON (percent);
  adjuster->error_label = GTK_LABEL (error_label);
  adjuster->target = target;
  g_signal_connect_swapped (popover, "destroy", G_CALLBACK (g_free), adjuster);

  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);

  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), FALSE);
  /* Translators: placeholder of the field where a discount or fee is typed. */
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Amount or percent"));
  if (current->kind == KASIR_ADJUST_PERCENT)
    {
      /* Percentages show without the currency symbol so they parse back as typed. */
      value = format_adjustment (self, current);
    }
  else if (current->kind == KASIR_ADJUST_FLAT)
    {
      KasirNumberFormat format;
      const KasirCurrency *currency = kasir_currency_lookup (self->cart->currency);

      kasir_number_format_current (&format);
      if (currency != NULL)
        {
          KasirCurrency plain = *currency;

          plain.symbol = NULL;
          value = kasir_money_format (current->value, &plain, &format);
        }
      else
        value = kasir_money_format (current->value, NULL, &format);
      g_strstrip (value);
    }
  gtk_editable_set_text (GTK_EDITABLE (entry), value != NULL ? value : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  g_signal_connect (entry, "activate", G_CALLBACK (on_adjust_apply), adjuster);
  gtk_box_append (GTK_BOX (box), entry);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (percent), current->kind == KASIR_ADJUST_PERCENT);
  gtk_box_append (GTK_BOX (box), percent);

  gtk_widget_add_css_class (error_label, "error");
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (error_label), 30);
  gtk_widget_set_visible (error_label, FALSE);
  gtk_box_append (GTK_BOX (box), error_label);

  gtk_widget_set_size_request (entry, -1, 48);
  gtk_widget_set_size_request (remove, -1, 48);
  gtk_widget_set_size_request (apply, -1, 48);
  gtk_widget_set_hexpand (remove, TRUE);
  gtk_widget_set_hexpand (apply, TRUE);
  gtk_widget_add_css_class (apply, "suggested-action");
  g_signal_connect (remove, "clicked", G_CALLBACK (on_adjust_remove), adjuster);
  g_signal_connect (apply, "clicked", G_CALLBACK (on_adjust_apply), adjuster);
  gtk_box_append (GTK_BOX (buttons), remove);
  gtk_box_append (GTK_BOX (buttons), apply);
  gtk_box_append (GTK_BOX (box), buttons);

  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_popover_set_default_widget (GTK_POPOVER (popover), apply);

  return popover;
}

/* ---- Lines ---- */

/* Rows are rebuilt after every change, so focus is put back on the same control of the
 * same row; a cashier pressing + five times keeps pressing the same button. */
static void
refocus (KasirCartView *self,
         int            index,
         const char    *control)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->lines_box, index);
  GtkWidget *child = row != NULL ? kasir_cart_row_get_control (gtk_list_box_row_get_child (row), control)
                                 : NULL;

  if (child != NULL)
    gtk_widget_grab_focus (child);
  else if (row == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->lines_box));
}

static void
on_line_minus (GtkButton *button,
               gpointer   user_data)
{
  KasirCartView *self = user_data;
  int index = kasir_cart_row_index_of (GTK_WIDGET (button));
  KasirCartLine *line;

  if (index < 0)
    return;
  line = g_ptr_array_index (self->cart->lines, index);
  if (kasir_cart_view_set_line_qty (self, index, line->qty - 1, NULL))
    {
      kasir_cart_view_select_line (self, MIN (index, (int) self->cart->lines->len - 1));
      refocus (self, index, "minus");
    }
}

static void
on_line_plus (GtkButton *button,
              gpointer   user_data)
{
  KasirCartView *self = user_data;
  int index = kasir_cart_row_index_of (GTK_WIDGET (button));
  KasirCartLine *line;

  if (index < 0)
    return;
  line = g_ptr_array_index (self->cart->lines, index);
  if (kasir_cart_view_set_line_qty (self, index, line->qty + 1, NULL))
    {
      kasir_cart_view_select_line (self, index);
      refocus (self, index, "plus");
    }
}

static void
on_line_remove (GtkButton *button,
                gpointer   user_data)
{
  KasirCartView *self = user_data;
  int index = kasir_cart_row_index_of (GTK_WIDGET (button));

  if (index >= 0 && kasir_cart_view_remove_line (self, index, NULL))
    refocus (self, MIN (index, (int) self->cart->lines->len - 1), "remove");
}

/* The note button: the selling view's sell.line-note asks for the selected line's note. */
static void
on_line_note (GtkButton *button,
              gpointer   user_data)
{
  KasirCartView *self = user_data;
  int index = kasir_cart_row_index_of (GTK_WIDGET (button));

  if (index < 0)
    return;
  kasir_cart_view_select_line (self, index);
  gtk_widget_activate_action (GTK_WIDGET (self), "sell.line-note", NULL);
}

/* The quantity typed in place and Enter: that many. */
static void
on_line_qty_activate (GtkEntry *entry,
                      gpointer  user_data)
{
  KasirCartView *self = user_data;
  int index = kasir_cart_row_index_of (GTK_WIDGET (entry));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  char *end = NULL;
  gint64 qty;

  if (index < 0)
    return;
  qty = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || !kasir_cart_view_set_line_qty (self, index, qty, NULL))
    {
      g_autofree char *was = g_strdup_printf ("%" G_GINT64_FORMAT,
                                              ((KasirCartLine *) g_ptr_array_index (self->cart->lines, index))->qty);

      if (end == text || *end != '\0')
        show_message (self, _("A quantity is a whole number"));
      gtk_editable_set_text (GTK_EDITABLE (entry), was);
      gtk_widget_error_bell (GTK_WIDGET (entry));
    }
}

static void
set_money (KasirCartView *self,
           GtkLabel      *label,
           KasirMoney     amount)
{
  g_autofree char *text = kasir_ui_money_format (amount, self->cart->currency);

  gtk_label_set_label (label, text);
}

/* The content of row @index (kasir-cart-row.h), or NULL. */
static GtkWidget *
line_content (KasirCartView *self,
              guint          index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->lines_box, index);

  return row != NULL ? gtk_list_box_row_get_child (row) : NULL;
}

/* The popover that edits line @index's discount. */
static GtkWidget *
line_discount_popover (KasirCartView       *self,
                       guint                index,
                       const KasirCartLine *line)
{
  /* Translators: title of the popover that sets one cart line's discount. */
  g_autofree char *title = g_strdup_printf (_("Discount on %s"), line->name);

  return make_adjust_popover (self, index, title, &line->discount);
}

GtkWidget *
kasir_cart_view_get_line_control (KasirCartView *self,
                                  guint          index,
                                  const char    *name)
{
  g_return_val_if_fail (KASIR_IS_CART_VIEW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return kasir_cart_row_get_control (line_content (self, index), name);
}

/* The same lines in the same order: the rows stay and only their figures change, so a
 * + pressed quickly again and again hits the same button, and a quantity being typed
 * keeps its cursor. */
static gboolean
update_rows_in_place (KasirCartView *self)
{
  guint n = self->cart->lines->len;

  if (self->row_products->len != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_array_index (self->row_products, gint64, i) !=
        ((KasirCartLine *) g_ptr_array_index (self->cart->lines, i))->product_id)
      return FALSE;

  for (guint i = 0; i < n; i++)
    {
      const KasirCartLine *line = g_ptr_array_index (self->cart->lines, i);

      kasir_cart_row_update (line_content (self, i), line, self->cart->currency,
                             line_discount_popover (self, i, line));
    }

  return TRUE;
}

static void
rebuild (KasirCartView *self)
{
  const KasirCartRowHandlers handlers = {
    G_CALLBACK (on_line_minus), G_CALLBACK (on_line_plus), G_CALLBACK (on_line_remove),
    G_CALLBACK (on_line_qty_activate), G_CALLBACK (on_line_note), self,
  };
  GtkWidget *child;
  int selected = kasir_cart_view_get_selected_line (self);
  g_autofree char *accessible = NULL;
  g_autofree char *total = NULL;

  if (!update_rows_in_place (self))
    {
      while ((child = GTK_WIDGET (gtk_list_box_get_row_at_index (self->lines_box, 0))) != NULL)
        gtk_list_box_remove (self->lines_box, child);
      g_array_set_size (self->row_products, 0);

      for (guint i = 0; i < self->cart->lines->len; i++)
        {
          const KasirCartLine *line = g_ptr_array_index (self->cart->lines, i);
          GtkWidget *row = gtk_list_box_row_new ();

          gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row),
                                      kasir_cart_row_new (line, self->cart->currency,
                                                          line_discount_popover (self, i, line),
                                                          &handlers));
          gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, line->name,
                                          -1);
          gtk_list_box_append (self->lines_box, row);
          g_array_append_val (self->row_products, line->product_id);
        }
    }
  if (selected >= 0)
    kasir_cart_view_select_line (self, MIN (selected, (int) self->cart->lines->len - 1));

  /* Read from top to bottom, the figures add up: the subtotal is before the sale
   * discount, which shows as taken off. */
  set_money (self, self->subtotal_value, self->cart->subtotal + self->cart->discount_amount);
  set_money (self, self->discount_value, -self->cart->discount_amount);
  set_money (self, self->fee_value, self->cart->fee_amount);
  set_money (self, self->tax_value, self->cart->tax);
  set_money (self, self->total_value, self->cart->total);
  gtk_label_set_label (self->tax_label,
                       self->cart->tax_inclusive ? _("Tax (included)") : _("Tax (added)"));

  gtk_menu_button_set_popover (self->discount_button,
                               make_adjust_popover (self, TARGET_CART_DISCOUNT,
                                                    _("Discount on the Sale"),
                                                    &self->cart->discount));
  gtk_menu_button_set_popover (self->fee_button,
                               make_adjust_popover (self, TARGET_FEE, _("Fee on the Sale"),
                                                    &self->cart->fee));
  kasir_order_button_show (self->order_button, self->cart->order_type, self->cart->order_ref);

  total = kasir_ui_money_format (self->cart->total, self->cart->currency);
  /* Translators: the accessible name of the pay button, with the amount due. */
  accessible = g_strdup_printf (_("Pay %s"), total);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pay_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  gtk_widget_set_sensitive (self->pay_button, self->cart->lines->len > 0);
}

gboolean
kasir_cart_view_load (KasirCartView        *self,
                      KasirCartRepository  *repository,
                      const char           *currency,
                      gboolean              tax_inclusive,
                      GError              **error)
{
  g_autoptr(KasirCart) saved = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (KASIR_IS_CART_VIEW (self), FALSE);
  g_return_val_if_fail (KASIR_IS_CART_REPOSITORY (repository), FALSE);
  g_return_val_if_fail (currency != NULL, FALSE);

  g_set_object (&self->repository, repository);

  saved = kasir_cart_repository_load (repository, &local_error);
  if (local_error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The saved cart could not be read: %s"),
                                                  local_error->message);

      g_set_error_literal (error, local_error->domain, local_error->code, message);
      ok = FALSE;
    }
  else if (saved != NULL && (g_strcmp0 (saved->currency, currency) != 0 ||
                             !kasir_cart_compute (saved, NULL)))
    {
      /* A cart in another currency belongs to a different setup of the till; it is not
       * offered for this one. */
      g_clear_pointer (&saved, kasir_cart_free);
    }

  kasir_cart_free (self->cart);
  if (saved != NULL)
    {
      /* The store's tax mode of today applies to the restored lines. */
      saved->tax_inclusive = tax_inclusive;
      if (!kasir_cart_compute (saved, NULL))
        g_clear_pointer (&saved, kasir_cart_free);
    }
  self->cart = saved != NULL ? g_steal_pointer (&saved) : kasir_cart_new (currency, tax_inclusive);
  kasir_cart_compute (self->cart, NULL);

  rebuild (self);
  show_message (self, ok ? NULL : local_error->message);
  g_signal_emit (self, signals[CHANGED], 0);

  return ok;
}

/* ---- Class ---- */

static void
kasir_cart_view_dispose (GObject *object)
{
  KasirCartView *self = KASIR_CART_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), KASIR_TYPE_CART_VIEW);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (kasir_cart_view_parent_class)->dispose (object);
}

static void
kasir_cart_view_finalize (GObject *object)
{
  KasirCartView *self = KASIR_CART_VIEW (object);

  g_clear_pointer (&self->cart, kasir_cart_free);
  g_clear_pointer (&self->pending, kasir_cart_free);
  g_clear_pointer (&self->row_products, g_array_unref);

  G_OBJECT_CLASS (kasir_cart_view_parent_class)->finalize (object);
}

static void
kasir_cart_view_class_init (KasirCartViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kasir_cart_view_dispose;
  object_class->finalize = kasir_cart_view_finalize;

  /**
   * KasirCartView::changed:
   *
   * The cart changed (and was saved).
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * KasirCartView::discount-approval-needed:
   * @target: the line index, or KASIR_DISCOUNT_SALE for the sale's discount
   * @share_bp: the share of what it discounts that the discount takes, in basis points
   *
   * A discount above the shop's limit (kasir_cart_view_set_discount_approval()) waits:
   * the handler asks a manager and answers with
   * kasir_cart_view_finish_discount_approval(). With no handler connected, such a
   * discount is refused.
   */
  signals[DISCOUNT_APPROVAL_NEEDED] =
    g_signal_new ("discount-approval-needed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT64);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "cartview");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kasir-cart-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KasirCartView, box);
  gtk_widget_class_bind_template_child (widget_class, KasirCartView, lines_box);
  gtk_widget_class_bind_template_child (widget_class, KasirCartView, discount_button);
  gtk_widget_class_bind_template_child (widget_class, KasirCartView, fee_button);
  gtk_widget_class_bind_template_child (widget_class, KasirCartView, adjust_box);
  gtk_widget_class_bind_template_child (widget_class, KasirCartView, subtotal_value);
  gtk_widget_class_bind_template_child (widget_class, KasirCartView, discount_value);
  gtk_widget_class_bind_template_child (widget_class, KasirCartView, fee_value);
  gtk_widget_class_bind_template_child (widget_class, KasirCartView, tax_label);
  gtk_widget_class_bind_template_child (widget_class, KasirCartView, tax_value);
  gtk_widget_class_bind_template_child (widget_class, KasirCartView, total_value);
  gtk_widget_class_bind_template_child (widget_class, KasirCartView, message_label);
  gtk_widget_class_bind_template_child (widget_class, KasirCartView, pay_button);
  gtk_widget_class_bind_template_child (widget_class, KasirCartView, orders_button);
}

static gboolean
apply_order (gpointer     user_data,
             const char  *order_type,
             const char  *ref,
             GError     **error)
{
  return kasir_cart_view_set_order (KASIR_CART_VIEW (user_data), order_type, ref, error);
}

static void
kasir_cart_view_init (KasirCartView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->row_products = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->cart = kasir_cart_new (KASIR_DEFAULT_CURRENCY, TRUE);
  kasir_cart_compute (self->cart, NULL);
  self->order_button = KASIR_ORDER_BUTTON (kasir_order_button_new (apply_order, self));
  gtk_box_append (GTK_BOX (self->adjust_box), GTK_WIDGET (self->order_button));
  rebuild (self);
}

GtkWidget *
kasir_cart_view_new (void)
{
  return g_object_new (KASIR_TYPE_CART_VIEW, NULL);
}
